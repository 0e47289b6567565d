import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api-fetch";
import type { ListScope } from "@/lib/shared/validations/list-scope";
import type { deliveryStatistics, getDelivery, listDeliveries, webhookHealth } from "@/lib/server/webhooks/delivery-queries";

export type DeliveryPage = Awaited<ReturnType<typeof listDeliveries>>;
export type DeliverySummary = DeliveryPage["deliveries"][number];
export type DeliveryDetail = Awaited<ReturnType<typeof getDelivery>>;
export type DeliveryStatistics = Awaited<ReturnType<typeof deliveryStatistics>>;
export type WebhookHealth = Awaited<ReturnType<typeof webhookHealth>>;

export interface DeliveryFilters {
  provider?: string;
  event?: string;
  status?: string;
  repository?: string;
  service_id?: string;
  scope?: ListScope;
}

export const deliveryKeys = {
  all: ["deliveries"] as const,
  list: (filters: DeliveryFilters, offset: number) => ["deliveries", "list", filters, offset] as const,
  one: (id: string) => ["deliveries", "one", id] as const,
  statistics: (scope: ListScope) => ["deliveries", "statistics", scope] as const,
  health: (scope: ListScope) => ["deliveries", "health", scope] as const,
};

export const DELIVERIES_PER_PAGE = 50;

// Deliveries that start no deployment (pings, ignored pushes, refused signatures) send no live event, so
// an open deliveries page looks again now and then; never while the tab is hidden.
const POLL_MS = 10_000;

export function useDeliveries(filters: DeliveryFilters, offset: number) {
  const query = new URLSearchParams({ limit: String(DELIVERIES_PER_PAGE), offset: String(offset) });
  for (const [key, value] of Object.entries(filters) as [string, string | undefined][]) if (value) query.set(key, value);
  return useQuery({
    queryKey: deliveryKeys.list(filters, offset),
    queryFn: () => apiFetch<DeliveryPage>(`/api/webhooks/events?${query}`),
    // Changing a filter keeps the old rows on screen until the new ones arrive.
    placeholderData: keepPreviousData,
    refetchInterval: POLL_MS,
  });
}

export function useDelivery(id: string | null) {
  return useQuery({ queryKey: deliveryKeys.one(id ?? ""), queryFn: () => apiFetch<DeliveryDetail>(`/api/webhooks/deliveries/${id}`), enabled: id !== null });
}

export function useDeliveryStatistics(scope: ListScope) {
  return useQuery({ queryKey: deliveryKeys.statistics(scope), queryFn: () => apiFetch<DeliveryStatistics>(`/api/webhooks/statistics?hours=24&scope=${scope}`), refetchInterval: POLL_MS });
}

export function useWebhookHealth(scope: ListScope) {
  return useQuery({ queryKey: deliveryKeys.health(scope), queryFn: () => apiFetch<WebhookHealth>(`/api/webhooks/health?scope=${scope}`), refetchInterval: POLL_MS });
}

export interface ReplayResult {
  status: string;
  message?: string;
  deployment_id?: string;
  delivery_id: string;
}

export function useReplayDelivery() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<ReplayResult>(`/api/webhooks/deliveries/${id}/replay`, { method: "POST" }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: deliveryKeys.all }),
  });
}
