import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";

// GET|POST /api/auth/* — next-auth's sign-in, callback, session and sign-out endpoints
function handler(request: Request, context: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(authOptions())(request, context);
}

export { handler as GET, handler as POST };
