import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api-fetch";
import type { ServiceSummary } from "@/lib/server/services/list-services";
import type { ServiceDetailResponse } from "@/lib/server/connections/get-service-detail";
import type { ServiceResponse } from "@/lib/server/services/serialize-service";
import type { z } from "zod";
import type { ListScope } from "@/lib/shared/validations/list-scope";
import type { createServiceSchema, UpdateServiceInput } from "@/lib/shared/validations/service";

export type { ServiceDetailResponse, ServiceResponse, ServiceSummary };
export type ServiceConnection = NonNullable<ServiceDetailResponse["connection"]>;

export const serviceKeys = {
  all: ["services"] as const,
  one: (id: string) => ["services", id] as const,
  list: (scope: ListScope) => ["services", { scope }] as const,
};

export function useServices(scope: ListScope = "mine") {
  return useQuery({
    queryKey: serviceKeys.list(scope),
    queryFn: async () => (await apiFetch<{ services: ServiceSummary[] }>(`/api/services?scope=${scope}`)).services,
  });
}

export function useService(id: string) {
  return useQuery({ queryKey: serviceKeys.one(id), queryFn: () => apiFetch<ServiceDetailResponse>(`/api/services/${id}`), enabled: id !== "" });
}

// Inputs are the API's own request shapes, before server-side defaults are applied.
export type CreateServiceBody = z.input<typeof createServiceSchema>;

export function useCreateService() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateServiceBody) => apiFetch<ServiceResponse>("/api/services", { method: "POST", body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: serviceKeys.all }),
  });
}

export function useUpdateService(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateServiceInput) => apiFetch<ServiceResponse>(`/api/services/${id}`, { method: "PATCH", body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: serviceKeys.all }),
  });
}

export function useDeleteService(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<void>(`/api/services/${id}`, { method: "DELETE" }),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: serviceKeys.one(id) });
      return queryClient.invalidateQueries({ queryKey: serviceKeys.all });
    },
  });
}
