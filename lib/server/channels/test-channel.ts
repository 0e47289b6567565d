// The channel's test button: one message, sent now, once, and logged like any other.
import type { Actor } from "@/lib/server/auth/access";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import type { ChannelEventPayload } from "./compose-message";
import { attempt } from "./deliver-channel-message";
import { getChannelOrThrow } from "./get-channel-or-throw";
import { serializeDelivery } from "./serialize-channel";

export async function testChannel(actor: Actor, id: string) {
  const channel = await getChannelOrThrow(actor, id);
  const payload: ChannelEventPayload = {
    type: "channel_test",
    severity: "info",
    message: `This is a test message for the channel "${channel.name}". Berth will send the events you picked here.`,
    service: null,
    deployment_id: null,
    link: new URL("/settings/notifications", env().NEXTAUTH_URL).toString(),
    created_at: new Date().toISOString(),
  };
  const delivery = await db.channelDelivery.create({ data: { channelId: channel.id, event: payload.type, payload, isTest: true } });
  const ok = await attempt({ ...delivery, channel }).then(
    () => true,
    () => false,
  );
  if (!ok) await db.channelDelivery.update({ where: { id: delivery.id }, data: { status: "failed", finishedAt: new Date() } });
  return { ok, delivery: serializeDelivery(await db.channelDelivery.findUniqueOrThrow({ where: { id: delivery.id } })) };
}
