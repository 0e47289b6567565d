import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api-fetch";
import type { RunnerJobResponse } from "@/lib/server/runners/list-runner-jobs";
import type { poolStatus, RunnerPoolResponse } from "@/lib/server/runners/pools";
import type { RunnerPoolInput } from "@/lib/shared/validations/runners";
import { ciKeys } from "./use-ci";

export type { RunnerJobResponse, RunnerPoolResponse };
export type PoolStatusResponse = Awaited<ReturnType<typeof poolStatus>>;

// Under the CI keys: every `ci` live event refreshes them.
export const runnerKeys = {
  jobs: (scope: string) => [...ciKeys.all, "runner-jobs", scope] as const,
  pools: [...ciKeys.all, "runner-pools"] as const,
  status: (id: string) => [...ciKeys.all, "runner-pools", id] as const,
};

export function useRunnerJobs(scope: "mine" | "all") {
  return useQuery({ queryKey: runnerKeys.jobs(scope), queryFn: () => apiFetch<{ jobs: RunnerJobResponse[] }>(`/api/runners/jobs?scope=${scope}`) });
}

export function useRunnerPools(enabled: boolean) {
  return useQuery({ queryKey: runnerKeys.pools, queryFn: () => apiFetch<{ pools: RunnerPoolResponse[] }>("/api/runners/pools"), enabled });
}

export function usePoolStatus(id: string) {
  return useQuery({ queryKey: runnerKeys.status(id), queryFn: () => apiFetch<PoolStatusResponse>(`/api/runners/pools/${encodeURIComponent(id)}/status`) });
}

export function useCreatePool() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Partial<RunnerPoolInput> & { name: string }) => apiFetch<RunnerPoolResponse>("/api/runners/pools", { method: "POST", body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: runnerKeys.pools }),
  });
}

export function useDeletePool() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<null>(`/api/runners/pools/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: runnerKeys.pools }),
  });
}
