// A connection failed by the hook watch (lib/server/connections/watch-hook-health.ts) has a last error that starts
// so: its hook exists at the provider but stopped delivering, and can be re-enabled in place.
export const HOOK_WATCH_PREFIX = "The provider's hook:";
