// A new channel: its target checked as it will be before every send (an https URL at a public address, or
// email with the operator's SMTP server set up), sealed, and, for an outgoing webhook, a signing secret
// made and shown this once.
import { randomBytes, randomUUID } from "node:crypto";
import { ApiError, invalidField } from "@/lib/server/api-error";
import type { Actor } from "@/lib/server/auth/access";
import { sealedFields, secretBox } from "@/lib/server/crypto";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { checkOutgoingUrl, OutgoingUrlRefusedError } from "@/lib/server/net/outgoing-post";
import type { CreateChannelInput } from "@/lib/shared/validations/channel";
import { channelListing, serializeChannel } from "./serialize-channel";

export const CHANNELS_PER_USER = 20;

export async function createChannel(actor: Actor, input: CreateChannelInput) {
  if ((await db.notificationChannel.count({ where: { ownerId: actor.id } })) >= CHANNELS_PER_USER) {
    throw new ApiError({ code: "conflict", message: `You have ${CHANNELS_PER_USER} channels, the most one person may have: remove one first` });
  }
  if (input.service_id) {
    // Notifications about a service are its owner's, so only the owner's channels can carry them.
    const service = await db.service.findFirst({ where: { id: input.service_id, ownerId: actor.id }, select: { id: true } });
    if (!service) throw invalidField("service_id", "is not one of your services");
  }
  const config = env();
  let target: string;
  let hint: string;
  if (input.kind === "email") {
    if (!config.BERTH_SMTP_URL || !config.BERTH_SMTP_FROM) throw invalidField("kind", "email is not set up on this Berth: the operator sets BERTH_SMTP_URL and BERTH_SMTP_FROM");
    [target, hint] = [input.address, input.address];
  } else {
    const checked = await checkOutgoingUrl(input.url, { allowLocal: config.BERTH_ALLOW_LOCAL_CHANNELS }).catch((error: unknown) => {
      if (error instanceof OutgoingUrlRefusedError) throw invalidField("url", error.message);
      throw error;
    });
    [target, hint] = [input.url, checked.url.host];
  }
  const id = randomUUID();
  const box = secretBox();
  const signingSecret = input.kind === "webhook" ? `whsec_${randomBytes(32).toString("base64")}` : null;
  const channel = await db.notificationChannel.create({
    data: {
      id,
      ownerId: actor.id,
      serviceId: input.service_id,
      kind: input.kind,
      name: input.name,
      targetEncrypted: box.encrypt(target, sealedFields.channel("targetEncrypted", id)),
      targetHint: hint,
      signingSecretEncrypted: signingSecret ? box.encrypt(signingSecret, sealedFields.channel("signingSecretEncrypted", id)) : null,
      events: input.events,
    },
    include: channelListing,
  });
  return { channel: serializeChannel(channel), ...(signingSecret ? { signing_secret: signingSecret } : {}) };
}
