import { invalidField } from "@/lib/server/api-error";
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
  if (!connection.service && (patch.branch !== undefined || patch.wait_for_ci !== undefined)) {
    throw invalidField(patch.branch !== undefined ? "branch" : "wait_for_ci", "a CI-only connection has no service to deploy");
  }
  const events = patch.events ?? connection.events;
  if (patch.events && connection.webhookSecretEncrypted) {
    await updateProviderHook(connection, openWebhookSecret(connection.webhookSecretEncrypted, connection.id), events);
  }
  const updates = [db.repositoryConnection.update({ where: { id: connection.id }, data: { isEnabled: patch.is_enabled, waitForCi: patch.wait_for_ci, events } })] as const;
  if (!connection.service) {
    const [updated] = await db.$transaction([...updates]);
    return serializeConnection(updated, null);
  }
  const [updated, service] = await db.$transaction([
    ...updates,
    db.service.update({ where: { id: connection.service.id }, data: { branch: patch.branch }, select: { branch: true } }),
  ]);
  return serializeConnection(updated, service.branch);
}
