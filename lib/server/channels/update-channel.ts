import type { Actor } from "@/lib/server/auth/access";
import { db } from "@/lib/server/db";
import type { UpdateChannelInput } from "@/lib/shared/validations/channel";
import { getChannelOrThrow } from "./get-channel-or-throw";
import { channelListing, serializeChannel } from "./serialize-channel";

export async function updateChannel(actor: Actor, id: string, input: UpdateChannelInput) {
  await getChannelOrThrow(actor, id);
  const channel = await db.notificationChannel.update({
    where: { id },
    data: { name: input.name, events: input.events, isEnabled: input.enabled },
    include: channelListing,
  });
  return serializeChannel(channel);
}

export async function deleteChannel(actor: Actor, id: string) {
  await getChannelOrThrow(actor, id);
  await db.notificationChannel.delete({ where: { id } });
}
