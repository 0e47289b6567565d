import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { connectRepository } from "@/lib/server/connections/connect-repository";
import { apiFetch } from "@/lib/client/api-fetch";
import type { connectRepositorySchema } from "@/lib/shared/validations/connection";
import { ciKeys } from "./use-ci";
import { serviceKeys } from "./use-services";

export interface RepositoryChoice {
  id: string;
  full_name: string;
  default_branch: string | null;
  private: boolean;
  clone_url: string;
}

interface RepositoryPage {
  repositories: RepositoryChoice[];
  page: number;
  has_more: boolean;
}

export type ConnectBody = z.input<typeof connectRepositorySchema>;
export type ConnectResult = Awaited<ReturnType<typeof connectRepository>>;

// The signed-in user's repositories at a provider, a page at a time.
export function useRepositories(provider: string | null, search: string) {
  return useInfiniteQuery({
    queryKey: ["repositories", provider, search],
    queryFn: ({ pageParam }) =>
      apiFetch<RepositoryPage>(`/api/repositories?${new URLSearchParams({ provider: provider ?? "", search, page: String(pageParam), per_page: "20" })}`),
    initialPageParam: 1,
    getNextPageParam: (last) => (last.has_more ? last.page + 1 : undefined),
    enabled: provider !== null,
    retry: false,
  });
}

export function useBranches(provider: string, repository: string) {
  return useQuery({
    queryKey: ["repositories", provider, repository, "branches"],
    queryFn: async () => (await apiFetch<{ branches: string[] }>(`/api/repositories/branches?${new URLSearchParams({ provider, repository })}`)).branches,
    retry: false,
  });
}

export function useConnectRepository() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ConnectBody) => apiFetch<ConnectResult>("/api/repositories/connect", { method: "POST", body }),
    // A new service, or a new CI-only connection among the watched repositories.
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: serviceKeys.all }), queryClient.invalidateQueries({ queryKey: ciKeys.all })]),
  });
}
