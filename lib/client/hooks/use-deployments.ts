import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { DeploymentResponse } from "@/lib/server/deployments/serialize-deployment";
import { apiFetch } from "@/lib/client/api-fetch";

export type { DeploymentResponse };

export const deploymentKeys = {
  forService: (serviceId: string) => ["deployments", serviceId] as const,
  one: (id: string) => ["deployment", id] as const,
};

export function useDeployments(serviceId: string) {
  return useQuery({
    queryKey: deploymentKeys.forService(serviceId),
    queryFn: async () => (await apiFetch<{ deployments: DeploymentResponse[] }>(`/api/services/${serviceId}/deployments?limit=20`)).deployments,
  });
}

export function useDeployment(id: string) {
  return useQuery({ queryKey: deploymentKeys.one(id), queryFn: () => apiFetch<DeploymentResponse>(`/api/deployments/${id}`) });
}

export function useRequestDeployment(serviceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { commit_sha?: string }) => apiFetch<DeploymentResponse>(`/api/services/${serviceId}/deployments`, { method: "POST", body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: deploymentKeys.forService(serviceId) }),
  });
}

export function useRollback(serviceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (deploymentId: string) => apiFetch<DeploymentResponse>(`/api/deployments/${deploymentId}/rollback`, { method: "POST" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: deploymentKeys.forService(serviceId) }),
  });
}
