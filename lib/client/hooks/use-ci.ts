import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api-fetch";
import type { CiRunResponse, IncidentResponse } from "@/lib/server/ci/serialize";
import type { listConnections } from "@/lib/server/connections/list-connections";
import type { ListScope } from "@/lib/shared/validations/list-scope";

export type { CiRunResponse, IncidentResponse };

export const ciKeys = {
  all: ["ci"] as const,
  incidents: (state: string, scope: ListScope) => ["ci", "incidents", state, scope] as const,
  runs: (target: CiRunsOf) => ["ci", "runs", target] as const,
  ciOnlyConnections: ["ci", "ci-only-connections"] as const,
};

// Whose runs: a service's repository, or a CI-only connection's.
export type CiRunsOf = { serviceId: string } | { connectionId: string };

export type ConnectionListResponse = Awaited<ReturnType<typeof listConnections>>;

export function useIncidents(state: "open" | "resolved" | "all", scope: ListScope = "mine") {
  const query = new URLSearchParams({ scope, ...(state === "all" ? {} : { state }) });
  return useQuery({
    queryKey: ciKeys.incidents(state, scope),
    queryFn: () => apiFetch<{ incidents: IncidentResponse[] }>(`/api/incidents?${query}`),
  });
}

export function useResolveIncident() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<IncidentResponse>(`/api/incidents/${encodeURIComponent(id)}/resolve`, { method: "POST" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ciKeys.all }),
  });
}

export function useCiRuns(target: CiRunsOf) {
  const filter = "serviceId" in target ? `service_id=${encodeURIComponent(target.serviceId)}` : `connection_id=${encodeURIComponent(target.connectionId)}`;
  return useQuery({
    queryKey: ciKeys.runs(target),
    queryFn: () => apiFetch<{ runs: CiRunResponse[] }>(`/api/ci/runs?${filter}&limit=60`),
  });
}

// The repositories whose CI Berth watches without deploying them.
export function useCiOnlyConnections() {
  return useQuery({
    queryKey: ciKeys.ciOnlyConnections,
    queryFn: () => apiFetch<ConnectionListResponse>("/api/repositories/connections?kind=ci_only"),
  });
}
