import type { Actor } from "@/lib/server/auth/access";
import { db } from "@/lib/server/db";
import { channelListing, serializeChannel, serializeDelivery } from "./serialize-channel";
import { getChannelOrThrow } from "./get-channel-or-throw";

export async function listChannels(actor: Actor) {
  const channels = await db.notificationChannel.findMany({ where: { ownerId: actor.id }, orderBy: { createdAt: "asc" }, include: channelListing });
  return { channels: channels.map(serializeChannel) };
}

// The channel's delivery log, newest first.
export async function listChannelDeliveries(actor: Actor, id: string, limit: number) {
  await getChannelOrThrow(actor, id);
  const deliveries = await db.channelDelivery.findMany({ where: { channelId: id }, orderBy: { createdAt: "desc" }, take: limit });
  return { deliveries: deliveries.map(serializeDelivery) };
}
