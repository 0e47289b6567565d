import { NextResponse } from "next/server";
import { listBranches } from "@/lib/server/connections/list-repositories";
import { withSession } from "@/lib/server/http/handlers";
import { listBranchesQuerySchema } from "@/lib/shared/validations/connection";

// GET /api/repositories/branches?provider=&repository=owner/name — the repository's branches at the provider
export const GET = withSession(async (request, { user }) => {
  const query = listBranchesQuerySchema.parse(Object.fromEntries(request.nextUrl.searchParams));
  return NextResponse.json(await listBranches(user.id, query));
});
