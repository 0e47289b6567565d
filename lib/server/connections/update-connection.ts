import type { Actor } from "@/lib/server/auth/access";
import { db } from "@/lib/server/db";
import type { UpdateConnectionInput } from "@/lib/shared/validations/connection";
import { getConnectionOrThrow } from "./get-connection-or-throw";
import { updateProviderHook } from "./install-webhook";
import { serializeConnection } from "./serialize-connection";
import { openWebhookSecret } from "@/lib/server/webhooks/webhook-secret";

// Changing the events also changes the provider's hook; a failure there is the answer (nothing is saved).
export async function updateConnection(actor: Actor, id: string, patch: UpdateConnectionInput) {
  const connection = await getConnectionOrThrow(actor, id);
  const events = patch.events ?? connection.events;
  if (patch.events && connection.webhookSecretEncrypted) {
    await updateProviderHook(connection, openWebhookSecret(connection.webhookSecretEncrypted, connection.id), events);
  }
  const [updated, service] = await db.$transaction([
    db.repositoryConnection.update({ where: { id: connection.id }, data: { isEnabled: patch.is_enabled, waitForCi: patch.wait_for_ci, events } }),
    db.service.update({ where: { id: connection.serviceId }, data: { branch: patch.branch }, select: { branch: true } }),
  ]);
  return serializeConnection(updated, service.branch);
}
