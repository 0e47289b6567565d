// A notification becomes one delivery per channel of its user that takes it (every service, or that one),
// written in the notification's transaction together with the events that send them, so none is lost
// and none is sent for a notification that was not written.
import type { Prisma } from "@/lib/generated/prisma/client";
import { enqueue } from "@/lib/server/outbox/enqueue";
import type { ChannelEventPayload } from "./compose-message";

export async function queueChannelMessages(tx: Prisma.TransactionClient, notification: { id: string; userId: string; serviceId: string | null }, event: ChannelEventPayload) {
  const channels = await tx.notificationChannel.findMany({
    where: {
      ownerId: notification.userId,
      isEnabled: true,
      events: { has: event.type },
      OR: [{ serviceId: null }, ...(notification.serviceId ? [{ serviceId: notification.serviceId }] : [])],
    },
    select: { id: true },
  });
  for (const channel of channels) {
    const delivery = await tx.channelDelivery.create({ data: { channelId: channel.id, notificationId: notification.id, event: event.type, payload: event } });
    await enqueue(tx, { name: "channel/message-queued", data: { deliveryId: delivery.id } });
  }
}
