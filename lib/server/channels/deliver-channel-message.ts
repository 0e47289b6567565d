// A channel delivery's attempts: each is counted and its error kept (the channel shows failing while it
// retries); success or a final refusal ends it. The durable function retries what may pass later; the test
// button makes exactly one attempt.
import { NonRetriableError } from "inngest";
import type { ChannelDelivery, NotificationChannel } from "@/lib/generated/prisma/client";
import { sealedFields, secretBox } from "@/lib/server/crypto";
import { db } from "@/lib/server/db";
import { composeMessage, type ChannelEventPayload } from "./compose-message";
import { ChannelSendError, sendToChannel } from "./send-to-channel";

// Each channel's log keeps this many deliveries; older ones go when a new one ends.
export const DELIVERIES_KEPT = 200;

type Loaded = ChannelDelivery & { channel: NotificationChannel };

export async function deliverChannelMessage(deliveryId: string) {
  const delivery = await db.channelDelivery.findUnique({ where: { id: deliveryId }, include: { channel: { omit: { targetEncrypted: false, signingSecretEncrypted: false } } } });
  if (!delivery || delivery.status !== "pending") return { outcome: "done" as const };
  if (!delivery.channel.isEnabled) {
    await finish(delivery, { status: "failed", lastError: "The channel was turned off before this could be sent" });
    return { outcome: "failed" as const };
  }
  try {
    await attempt(delivery);
    return { outcome: "sent" as const };
  } catch (error) {
    if (error instanceof ChannelSendError && !error.retryable) {
      await finish(delivery, { status: "failed" });
      throw new NonRetriableError(error.message);
    }
    throw error;
  }
}

// One try: counted, and its error kept on the row whatever happens next.
export async function attempt(delivery: Loaded): Promise<void> {
  const box = secretBox();
  const { channel } = delivery;
  const target = box.decrypt(channel.targetEncrypted, sealedFields.channel("targetEncrypted", channel.id));
  const signingSecret = channel.signingSecretEncrypted ? box.decrypt(channel.signingSecretEncrypted, sealedFields.channel("signingSecretEncrypted", channel.id)) : null;
  const message = composeMessage(channel.kind, delivery.payload as ChannelEventPayload);
  try {
    const { status } = await sendToChannel({ kind: channel.kind, target, signingSecret }, message, { id: delivery.id, at: delivery.createdAt });
    await finish(delivery, { status: "sent", responseStatus: status, lastError: null, attempts: { increment: 1 } });
  } catch (error) {
    const failure = error instanceof ChannelSendError ? error : new ChannelSendError(error instanceof Error ? error.message : String(error), true);
    await db.channelDelivery.update({ where: { id: delivery.id }, data: { attempts: { increment: 1 }, lastError: failure.message, responseStatus: failure.status } });
    throw failure;
  }
}

// The last retry failed too.
export async function giveUpDelivery(deliveryId: string, reason: string): Promise<void> {
  const delivery = await db.channelDelivery.findUnique({ where: { id: deliveryId }, include: { channel: true } });
  if (delivery?.status === "pending") await finish(delivery, { status: "failed", lastError: delivery.lastError ?? reason });
}

async function finish(delivery: { id: string; channelId: string }, data: Parameters<typeof db.channelDelivery.update>[0]["data"]) {
  await db.channelDelivery.update({ where: { id: delivery.id }, data: { ...data, finishedAt: new Date() } });
  const kept = await db.channelDelivery.findMany({ where: { channelId: delivery.channelId }, orderBy: { createdAt: "desc" }, skip: DELIVERIES_KEPT, take: 1, select: { createdAt: true } });
  if (kept[0]) await db.channelDelivery.deleteMany({ where: { channelId: delivery.channelId, createdAt: { lte: kept[0].createdAt }, status: { not: "pending" } } });
}
