// The session cookie. Served over https it is `__Host-`: Secure, no Domain, Path=/, so no other host — a
// tenant app on a sibling or parent domain included — can set or shadow it. Over plain http (a laptop,
// the tests) browsers allow neither prefix nor Secure.
import type { ServerEnv } from "@/lib/env";

export function sessionCookie(config: Pick<ServerEnv, "NEXTAUTH_URL">) {
  const secure = new URL(config.NEXTAUTH_URL).protocol === "https:";
  return {
    secure,
    name: secure ? "__Host-next-auth.session-token" : "next-auth.session-token",
    options: { httpOnly: true, sameSite: "lax" as const, path: "/", secure },
  };
}
