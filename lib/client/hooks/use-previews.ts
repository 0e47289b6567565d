import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api-fetch";
import type { listPreviews, PreviewResponse } from "@/lib/server/previews/manage-previews";
import type { PreviewSettingsInput } from "@/lib/shared/validations/preview";

export type { PreviewResponse };
export type PreviewsResponse = Awaited<ReturnType<typeof listPreviews>>;

// Refreshed by every deployment's live event: a preview's deployments belong to its own service.
export const previewKeys = { all: ["previews"] as const, forService: (serviceId: string) => ["previews", serviceId] as const };

export function usePreviews(serviceId: string) {
  return useQuery({ queryKey: previewKeys.forService(serviceId), queryFn: () => apiFetch<PreviewsResponse>(`/api/services/${serviceId}/previews`) });
}

export function useUpdatePreviewSettings(serviceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: PreviewSettingsInput) => apiFetch<PreviewsResponse>(`/api/services/${serviceId}/previews`, { method: "PATCH", body: input }),
    onSuccess: (data) => queryClient.setQueryData(previewKeys.forService(serviceId), data),
  });
}

export function usePreviewAction(serviceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: "approve" | "stop" }) => apiFetch<unknown>(`/api/previews/${encodeURIComponent(id)}/${action}`, { method: "POST" }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: previewKeys.forService(serviceId) }),
  });
}
