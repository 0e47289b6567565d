import { NextResponse } from "next/server";
import { listConnections } from "@/lib/server/connections/list-connections";
import { withSession } from "@/lib/server/http/handlers";
import { listConnectionsQuerySchema } from "@/lib/shared/validations/connection";

// GET /api/repositories/connections?kind=all|ci_only&scope= — the user's repository connections (never a secret)
export const GET = withSession(async (request, { user }) => {
  const query = listConnectionsQuerySchema.parse(Object.fromEntries(request.nextUrl.searchParams));
  return NextResponse.json(await listConnections(user, query));
});
