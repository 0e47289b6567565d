import { NextResponse } from "next/server";
import { listRepositories } from "@/lib/server/connections/list-repositories";
import { withSession } from "@/lib/server/http/handlers";
import { listRepositoriesQuerySchema } from "@/lib/shared/validations/connection";

// GET /api/repositories?provider=&search=&page=&per_page= — the signed-in user's repositories at a provider
export const GET = withSession(async (request, { user }) => {
  const query = listRepositoriesQuerySchema.parse(Object.fromEntries(request.nextUrl.searchParams));
  return NextResponse.json(await listRepositories(user.id, query));
});
