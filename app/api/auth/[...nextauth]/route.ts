import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptionsFor } from "@/lib/server/auth/options";
import { withinSignInLimits } from "@/lib/server/auth/sign-in-limits";

// GET|POST /api/auth/* — next-auth's sign-in, callback, session and sign-out endpoints; password sign-ins
// within their limits
async function handler(request: NextRequest, context: { params: Promise<{ nextauth: string[] }> }) {
  return withinSignInLimits(request, async () => NextAuth(await authOptionsFor(request))(request, context));
}

export { handler as GET, handler as POST };
