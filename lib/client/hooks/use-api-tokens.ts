import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api-fetch";
import type { ApiTokenResponse } from "@/lib/server/auth/api-tokens";
import type { CreateApiTokenInput } from "@/lib/shared/validations/api-token";

export type { ApiTokenResponse };

export const apiTokenKeys = { all: ["api-tokens"] as const };

export function useApiTokens() {
  return useQuery({ queryKey: apiTokenKeys.all, queryFn: async () => (await apiFetch<{ tokens: ApiTokenResponse[] }>("/api/tokens")).tokens });
}

export function useCreateApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateApiTokenInput) => apiFetch<{ token: ApiTokenResponse; secret: string }>("/api/tokens", { method: "POST", body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiTokenKeys.all }),
  });
}

export function useRevokeApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<null>(`/api/tokens/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiTokenKeys.all }),
  });
}
