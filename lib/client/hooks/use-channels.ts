import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api-fetch";
import type { ChannelDeliveryResponse, ChannelResponse } from "@/lib/server/channels/serialize-channel";
import type { ChannelEvent, ChannelKindName } from "@/lib/shared/validations/channel";
import { notificationKeys } from "./use-notifications";

export type { ChannelDeliveryResponse, ChannelResponse };

// Under the notification keys: a new notification may have queued a message for a channel.
export const channelKeys = {
  all: [...notificationKeys.all, "channels"] as const,
  deliveries: (id: string) => [...notificationKeys.all, "channels", id, "deliveries"] as const,
};

const pending = (channels: ChannelResponse[] | undefined) => channels?.some((channel) => channel.last_delivery?.status === "pending") ?? false;

export function useChannels() {
  return useQuery({
    queryKey: channelKeys.all,
    queryFn: async () => (await apiFetch<{ channels: ChannelResponse[] }>("/api/channels")).channels,
    // A message being retried: look again until it settles.
    refetchInterval: (query) => (pending(query.state.data) ? 3_000 : false),
  });
}

export function useChannelDeliveries(id: string, enabled: boolean) {
  return useQuery({
    queryKey: channelKeys.deliveries(id),
    queryFn: async () => (await apiFetch<{ deliveries: ChannelDeliveryResponse[] }>(`/api/channels/${encodeURIComponent(id)}/deliveries?limit=20`)).deliveries,
    enabled,
  });
}

export type NewChannel = { kind: ChannelKindName; name: string; url?: string; address?: string; events: ChannelEvent[]; service_id: string | null };

export function useCreateChannel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NewChannel) => apiFetch<{ channel: ChannelResponse; signing_secret?: string }>("/api/channels", { method: "POST", body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: channelKeys.all }),
  });
}

export function useUpdateChannel(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { enabled?: boolean; events?: ChannelEvent[] }) => apiFetch<ChannelResponse>(`/api/channels/${encodeURIComponent(id)}`, { method: "PATCH", body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: channelKeys.all }),
  });
}

export function useDeleteChannel(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<null>(`/api/channels/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: channelKeys.all }),
  });
}

export function useTestChannel(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<{ ok: boolean; delivery: ChannelDeliveryResponse }>(`/api/channels/${encodeURIComponent(id)}/test`, { method: "POST" }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: channelKeys.all }),
  });
}
