// Default deny: every page and API route needs a session unless listed as public here. Route handlers
// still resolve the user themselves (withSession); this is the net under a forgotten check.
import { NextResponse, type NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { env } from "@/lib/env";

const PUBLIC_PATHS = ["/signin", "/api/auth", "/api/health", "/api/metrics", "/api/inngest", "/api/hooks"];
// The provider receivers; /api/webhooks/events and the other audit-log routes need a session.
const RECEIVER = /^\/api\/webhooks\/(github|gitlab|bitbucket|gitea)(\/|$)/;

export function isPublicPath(pathname: string): boolean {
  return RECEIVER.test(pathname) || PUBLIC_PATHS.some((path) => pathname === path || pathname.startsWith(`${path}/`));
}

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (isPublicPath(pathname)) return NextResponse.next();

  const token = await getToken({ req: request, secret: env().NEXTAUTH_SECRET });
  if (token) return NextResponse.next();

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
