import type { ChannelDelivery, NotificationChannel } from "@/lib/generated/prisma/client";

type Listed = Omit<NotificationChannel, "targetEncrypted" | "signingSecretEncrypted"> & { service?: { name: string } | null; deliveries?: ChannelDelivery[] };

export function serializeDelivery(delivery: ChannelDelivery) {
  return {
    id: delivery.id,
    event: delivery.event,
    status: delivery.status,
    attempts: delivery.attempts,
    response_status: delivery.responseStatus,
    last_error: delivery.lastError,
    test: delivery.isTest,
    created_at: delivery.createdAt.toISOString(),
    finished_at: delivery.finishedAt?.toISOString() ?? null,
  };
}

// Never the URL or the secrets: a Slack or Discord URL lets anyone post to the team.
export function serializeChannel(channel: Listed) {
  const last = channel.deliveries?.[0];
  return {
    id: channel.id,
    kind: channel.kind,
    name: channel.name,
    target: channel.targetHint,
    service_id: channel.serviceId,
    service_name: channel.service?.name ?? null,
    events: channel.events,
    enabled: channel.isEnabled,
    created_at: channel.createdAt.toISOString(),
    last_delivery: last ? serializeDelivery(last) : null,
  };
}

export type ChannelResponse = ReturnType<typeof serializeChannel>;
export type ChannelDeliveryResponse = ReturnType<typeof serializeDelivery>;

// With what the list shows: the service's name and the newest delivery.
export const channelListing = { service: { select: { name: true } }, deliveries: { orderBy: { createdAt: "desc" as const }, take: 1 } };
