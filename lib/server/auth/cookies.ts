// The session cookie. Served over https it is `__Host-`: Secure, no Domain, Path=/, so no other host — a
// tenant app on a sibling or parent domain included — can set or shadow it. Over plain http (a laptop,
// the tests) browsers allow neither prefix nor Secure.
import { getToken } from "next-auth/jwt";
import type { NextRequest } from "next/server";
import type { ServerEnv } from "@/lib/server/env";

export function sessionCookie(config: Pick<ServerEnv, "NEXTAUTH_URL">) {
  const secure = new URL(config.NEXTAUTH_URL).protocol === "https:";
  return {
    secure,
    name: secure ? "__Host-next-auth.session-token" : "next-auth.session-token",
    options: { httpOnly: true, sameSite: "lax" as const, path: "/", secure },
  };
}

// The session a request carries, read from that cookie (null without a valid one).
export function sessionToken(request: NextRequest, config: Pick<ServerEnv, "NEXTAUTH_URL" | "NEXTAUTH_SECRET">) {
  const cookie = sessionCookie(config);
  return getToken({ req: request, secret: config.NEXTAUTH_SECRET, cookieName: cookie.name, secureCookie: cookie.secure });
}
