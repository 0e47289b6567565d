import { ApiError } from "@/lib/server/api-error";
import type { Actor } from "@/lib/server/auth/access";
import { db } from "@/lib/server/db";

// Channels are their owner's alone (admins included): another user's answers like a missing one.
export async function getChannelOrThrow(actor: Actor, id: string) {
  const channel = await db.notificationChannel.findFirst({ where: { id, ownerId: actor.id }, omit: { targetEncrypted: false, signingSecretEncrypted: false } });
  if (!channel) throw new ApiError({ code: "not_found", message: `Channel ${id} not found` });
  return channel;
}
