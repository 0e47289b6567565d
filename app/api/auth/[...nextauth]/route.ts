import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptionsFor } from "@/lib/server/auth/options";
import { withinSignInLimits } from "@/lib/server/auth/sign-in-limits";

// GET|POST /api/auth/* — next-auth's sign-in, callback, session and sign-out endpoints; password sign-ins
// within their limits
type Context = { params: Promise<{ nextauth: string[] }> };

async function handler(request: NextRequest, context: Context) {
  return withinSignInLimits(request, async () => {
    // next-auth v4 types its App Router handler as `any`; this is the shape it has.
    const nextAuth = NextAuth(await authOptionsFor(request)) as (request: NextRequest, context: Context) => Promise<Response>;
    return nextAuth(request, context);
  });
}

export { handler as GET, handler as POST };
