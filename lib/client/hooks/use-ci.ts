import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api-fetch";
import type { CiRunResponse, IncidentResponse } from "@/lib/server/ci/serialize";

export type { CiRunResponse, IncidentResponse };

export const ciKeys = {
  all: ["ci"] as const,
  incidents: (state: string) => ["ci", "incidents", state] as const,
  runs: (serviceId: string) => ["ci", "runs", serviceId] as const,
};

export function useIncidents(state: "open" | "resolved" | "all") {
  return useQuery({
    queryKey: ciKeys.incidents(state),
    queryFn: () => apiFetch<{ incidents: IncidentResponse[] }>(`/api/incidents${state === "all" ? "" : `?state=${state}`}`),
  });
}

export function useResolveIncident() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<IncidentResponse>(`/api/incidents/${encodeURIComponent(id)}/resolve`, { method: "POST" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ciKeys.all }),
  });
}

export function useServiceCiRuns(serviceId: string) {
  return useQuery({
    queryKey: ciKeys.runs(serviceId),
    queryFn: () => apiFetch<{ runs: CiRunResponse[] }>(`/api/ci/runs?service_id=${encodeURIComponent(serviceId)}&limit=60`),
  });
}
