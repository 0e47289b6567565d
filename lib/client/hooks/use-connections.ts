import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api-fetch";
import type { serializeConnection } from "@/lib/server/connections/serialize-connection";
import type { disconnectRepository } from "@/lib/server/connections/disconnect-repository";
import type { sendTestDelivery } from "@/lib/server/connections/test-delivery";
import type { getWebhookSetup } from "@/lib/server/connections/webhook-setup";
import type { UpdateConnectionInput } from "@/lib/shared/validations/connection";
import { ciKeys } from "./use-ci";
import { deliveryKeys } from "./use-deliveries";
import { serviceKeys, type ServiceDetailResponse } from "./use-services";

export type Connection = ReturnType<typeof serializeConnection>;
export type WebhookSetup = Awaited<ReturnType<typeof getWebhookSetup>>;
export type TestDeliveryResult = Awaited<ReturnType<typeof sendTestDelivery>>;
export type DisconnectResult = Awaited<ReturnType<typeof disconnectRepository>>;

// Outside the services keys: the live events that refresh services need not fetch the secret again.
const setupKeys = {
  forService: (serviceId: string) => ["webhook-setup", serviceId] as const,
  one: (serviceId: string, provider: string) => ["webhook-setup", serviceId, provider] as const,
};

function useRefreshServices() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: serviceKeys.all });
}

// Install the provider's webhook again after a failure; the services list shows the new state.
export function useRetryWebhook() {
  const refresh = useRefreshServices();
  return useMutation({
    mutationFn: (connectionId: string) => apiFetch<Connection>(`/api/repositories/connections/${connectionId}/webhook`, { method: "POST" }),
    onSettled: refresh,
  });
}

// Switch a hook the provider disabled on again, in place (its id and history kept).
export function useReenableWebhook() {
  const refresh = useRefreshServices();
  return useMutation({
    mutationFn: (connectionId: string) => apiFetch<Connection>(`/api/repositories/connections/${connectionId}/webhook/enable`, { method: "POST" }),
    onSettled: refresh,
  });
}

// The receiver URL, secret and steps: fetched only when the user asks to see them.
export function useWebhookSetup(serviceId: string, provider: string, enabled: boolean) {
  return useQuery({
    queryKey: setupKeys.one(serviceId, provider),
    queryFn: () => apiFetch<WebhookSetup>(`/api/services/${serviceId}/webhook-url?provider=${provider}`),
    enabled,
    staleTime: Infinity,
  });
}

// Pause or resume deploying on push; the hook stays installed.
export function useUpdateConnection(serviceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ connectionId, patch }: { connectionId: string; patch: UpdateConnectionInput }) =>
      apiFetch<Connection>(`/api/repositories/connections/${connectionId}`, { method: "PATCH", body: patch }),
    // The answer is the new state: shown at once, not after a refetch.
    onSuccess: (updated) =>
      queryClient.setQueryData<ServiceDetailResponse>(serviceKeys.one(serviceId), (service) =>
        service?.connection ? { ...service, connection: { ...service.connection, ...updated } } : service,
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: serviceKeys.all }),
  });
}

// For a hook set up by hand: the first ask creates the secret, and with it the connection.
export function useCreateManualWebhook(serviceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (provider: string) => apiFetch<WebhookSetup>(`/api/services/${serviceId}/webhook-url?provider=${provider}`),
    onSuccess: (setup) => {
      queryClient.setQueryData(setupKeys.one(serviceId, setup.provider), setup);
      return queryClient.invalidateQueries({ queryKey: serviceKeys.all });
    },
  });
}

export function useRotateSecret(serviceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (connectionId: string) => apiFetch<Connection>(`/api/repositories/connections/${connectionId}/rotate-secret`, { method: "POST" }),
    onSuccess: () =>
      Promise.all([queryClient.invalidateQueries({ queryKey: setupKeys.forService(serviceId) }), queryClient.invalidateQueries({ queryKey: serviceKeys.one(serviceId) })]),
  });
}

export function useTestDelivery(serviceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<TestDeliveryResult>(`/api/services/${serviceId}/webhook/test`, { method: "POST" }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: deliveryKeys.all }),
  });
}

export function useSetupWebhook(serviceId: string) {
  const refresh = useRefreshServices();
  return useMutation({
    mutationFn: (provider: string) => apiFetch<Connection>(`/api/services/${serviceId}/webhook/setup?provider=${provider}`, { method: "POST" }),
    onSettled: refresh,
  });
}

export function useDisconnect() {
  const queryClient = useQueryClient();
  const refresh = useRefreshServices();
  return useMutation({
    mutationFn: (connectionId: string) => apiFetch<DisconnectResult>(`/api/repositories/connections/${connectionId}?delete_webhook=true`, { method: "DELETE" }),
    // A CI-only connection leaves the watched repositories.
    onSettled: () => Promise.all([refresh(), queryClient.invalidateQueries({ queryKey: ciKeys.ciOnlyConnections })]),
  });
}
