import { env } from "@/lib/server/env";
import type { CaddyConfig } from "./routes";

// Caddy fronts the services only when its admin API is configured.
export function proxyConfig(): CaddyConfig | undefined {
  const config = env();
  if (!config.CADDY_ADMIN_URL) return undefined;
  return { adminUrl: config.CADDY_ADMIN_URL, listen: config.CADDY_LISTEN, domain: config.BERTH_DOMAIN };
}
