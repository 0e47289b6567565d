// Default deny: every page and API route needs a session unless listed as public here, and a request that
// changes something must come from Berth's own pages. Route handlers still resolve the user and check the
// origin themselves (withSession); this is the net under a forgotten check.
import { NextResponse, type NextRequest } from "next/server";
import { crossSiteReason } from "@/lib/server/http/same-origin";
import { sessionToken } from "@/lib/server/auth/cookies";
import { env } from "@/lib/server/env";

const PUBLIC_PATHS = ["/signin", "/api/auth", "/api/health", "/api/metrics", "/api/inngest", "/api/hooks"];
// The provider receivers; /api/webhooks/events and the other audit-log routes need a session.
const RECEIVER = /^\/api\/webhooks\/(github|gitlab|bitbucket|gitea)(\/|$)/;

export function isPublicPath(pathname: string): boolean {
  return RECEIVER.test(pathname) || PUBLIC_PATHS.some((path) => pathname === path || pathname.startsWith(`${path}/`));
}

// Called by servers, not browsers: signed, and never carrying a session.
const SERVER_TO_SERVER = ["/api/inngest"];

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const config = env();
  // A script's API token, without cookies: the route authenticates it (withSession); no browser sent it.
  const tokenRequest = pathname.startsWith("/api/") && /^Bearer\s+berth_/i.test(request.headers.get("authorization") ?? "") && request.headers.get("cookie") === null;
  const serverToServer = SERVER_TO_SERVER.some((path) => pathname === path || pathname.startsWith(`${path}/`));
  const crossSite = serverToServer || tokenRequest ? null : crossSiteReason(request, new URL(config.NEXTAUTH_URL).origin);
  if (crossSite) return NextResponse.json({ detail: crossSite }, { status: 403 });
  if (isPublicPath(pathname) || tokenRequest) return NextResponse.next();

  if (await sessionToken(request, config)) return NextResponse.next();

  if (pathname.startsWith("/api/")) {
    return NextResponse.json({ detail: "Sign in to use this endpoint" }, { status: 401 });
  }
  const signIn = new URL("/signin", request.url);
  signIn.searchParams.set("callbackUrl", `${pathname}${search}`);
  return NextResponse.redirect(signIn);
}

export const config = {
  // Static assets are public; so are request bodies of webhook routes, which a proxy would cap at 10 MB.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg|robots.txt|api/webhooks/(?:github|gitlab|bitbucket|gitea)(?:/|$)|api/hooks/).*)"],
};
