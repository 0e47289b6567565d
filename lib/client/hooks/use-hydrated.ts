import { useSyncExternalStore } from "react";

const never = () => () => undefined;

// False in the server's HTML and until React has taken over the page, then true. A form whose submit button
// waits for it cannot be submitted natively (as a GET that would put its fields, a password, in the URL).
export function useHydrated(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
}
