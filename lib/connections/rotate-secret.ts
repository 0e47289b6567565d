// A new webhook secret, sent to the provider's hook first. The old one keeps verifying for a grace period
// (ROTATION_GRACE_MS in lib/webhooks/receive-webhook.ts), for deliveries signed before the hook changed.
import { secretBox } from "@/lib/crypto";
import { db } from "@/lib/db";
import { generateWebhookSecret } from "@/lib/webhooks/webhook-setup";
import { getConnectionOrThrow } from "./get-connection-or-throw";
import { updateProviderHook } from "./install-webhook";
import { serializeConnection } from "./serialize-connection";

export async function rotateSecret(ownerId: string, id: string) {
  const connection = await getConnectionOrThrow(ownerId, id);
  const box = secretBox();
  const secret = generateWebhookSecret();
  await updateProviderHook(ownerId, connection, secret, connection.events);
  const updated = await db.repositoryConnection.update({
    where: { id: connection.id },
    data: { webhookSecretEncrypted: box.encrypt(secret), previousSecretEncrypted: connection.webhookSecretEncrypted, secretRotatedAt: new Date() },
  });
  return serializeConnection(updated, connection.service.branch);
}
