// A new webhook secret, sent to the provider's hook first. The old one keeps verifying for a grace period
// (ROTATION_GRACE_MS in lib/server/webhooks/receive-webhook.ts), for deliveries signed before the hook changed.
import type { Actor } from "@/lib/server/auth/access";
import { db } from "@/lib/server/db";
import { generateWebhookSecret } from "@/lib/server/connections/webhook-setup";
import { getConnectionOrThrow } from "./get-connection-or-throw";
import { updateProviderHook } from "./install-webhook";
import { serializeConnection } from "./serialize-connection";
import { openWebhookSecret, sealWebhookSecret } from "@/lib/server/webhooks/webhook-secret";

export async function rotateSecret(actor: Actor, id: string) {
  const connection = await getConnectionOrThrow(actor, id);
  const secret = generateWebhookSecret();
  await updateProviderHook(connection, secret, connection.events);
  const updated = await db.repositoryConnection.update({
    where: { id: connection.id },
    data: {
      webhookSecretEncrypted: sealWebhookSecret(secret, connection.id),
      // Sealed again: a ciphertext is bound to its column.
      previousSecretEncrypted: connection.webhookSecretEncrypted
        ? sealWebhookSecret(openWebhookSecret(connection.webhookSecretEncrypted, connection.id), connection.id, "previousSecretEncrypted")
        : null,
      secretRotatedAt: new Date(),
    },
  });
  return serializeConnection(updated, connection.service?.branch ?? null);
}
