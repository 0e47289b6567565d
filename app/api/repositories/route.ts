import { NextResponse } from "next/server";
import { withSession } from "@/lib/server/http/handlers";
import { asApiError } from "@/lib/server/connections/provider-errors";
import { providerClientFor } from "@/lib/server/providers/provider-client";
import { listRepositoriesQuerySchema } from "@/lib/shared/validations/connection";

// GET /api/repositories?provider=&search=&page=&per_page= — the signed-in user's repositories at a provider
export const GET = withSession(async (request, { user }) => {
  const query = listRepositoriesQuerySchema.parse(Object.fromEntries(request.nextUrl.searchParams));
  try {
    const client = await providerClientFor(user.id, query.provider);
    const { repositories, hasMore } = await client.listRepositories({ search: query.search, page: query.page, perPage: query.per_page });
    return NextResponse.json({
      repositories: repositories.map((repository) => ({
        id: repository.id,
        full_name: repository.fullName,
        default_branch: repository.defaultBranch,
        private: repository.private,
        clone_url: repository.cloneUrl,
      })),
      page: query.page,
      has_more: hasMore,
    });
  } catch (error) {
    throw asApiError(error);
  }
});
