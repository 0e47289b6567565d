// What the connect wizard offers: the signed-in user's repositories at a provider, and a repository's branches.
import { providerClientFor } from "@/lib/server/providers/provider-client";
import type { ListBranchesQuery, ListRepositoriesQuery } from "@/lib/shared/validations/connection";

export async function listRepositories(userId: string, query: ListRepositoriesQuery) {
  const client = await providerClientFor(userId, query.provider);
  const { repositories, hasMore } = await client.listRepositories({ search: query.search, page: query.page, perPage: query.per_page });
  return {
    repositories: repositories.map((repository) => ({
      id: repository.id,
      full_name: repository.fullName,
      default_branch: repository.defaultBranch,
      private: repository.private,
      clone_url: repository.cloneUrl,
    })),
    page: query.page,
    has_more: hasMore,
  };
}

export async function listBranches(userId: string, query: ListBranchesQuery) {
  const client = await providerClientFor(userId, query.provider);
  return { branches: await client.listBranches(query.repository) };
}
