// Creates (or re-creates) the provider's hook for a connection. A provider failure is recorded on the
// connection (status failed, the provider's message), not thrown: the connection stays, and can retry.
import type { Actor } from "@/lib/server/auth/access";
import { db } from "@/lib/server/db";
import { providerClientFor } from "@/lib/server/providers/provider-client";
import { ProviderError } from "@/lib/server/providers/types";
import { notify } from "@/lib/server/notifications/notify";
import { PROVIDER_LABELS, type OAuthProvider } from "@/lib/shared/providers/labels";
import { logger } from "@/lib/server/logger";
import { hookManager } from "@/lib/server/providers/provider-client";
import { getConnectionOrThrow } from "./get-connection-or-throw";
import { serializeConnection } from "./serialize-connection";
import { receiverUrl } from "./webhook-setup";
import { openWebhookSecret } from "@/lib/server/webhooks/webhook-secret";

export async function installWebhook(userId: string, connectionId: string) {
  const connection = await db.repositoryConnection.findUniqueOrThrow({ where: { id: connectionId }, omit: { webhookSecretEncrypted: false } });
  const provider = connection.provider as OAuthProvider;
  try {
    if (!connection.webhookSecretEncrypted) throw new ProviderError("failed", "The connection has no webhook secret");
    const client = await providerClientFor(userId, provider);
    const spec = { url: receiverUrl(provider, connection.serviceId), secret: openWebhookSecret(connection.webhookSecretEncrypted, connection.id), events: connection.events };
    if (connection.webhookId) await client.deleteHook(connection.repositoryFullName, connection.webhookId);
    const hook = await client.createHook(connection.repositoryFullName, spec);
    return await db.repositoryConnection.update({
      where: { id: connection.id },
      data: { webhookId: hook.id, webhookStatus: "active", webhookCreatedAt: new Date(), lastError: null, userId },
    });
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    logger.warn({ connectionId, provider, kind: error.kind, status: error.status }, "webhook installation failed");
    const failed = await db.repositoryConnection.update({ where: { id: connection.id }, data: { webhookStatus: "failed", lastError: error.message, webhookId: null } });
    await notify({
      type: "webhook_failed",
      ...(connection.serviceId ? { serviceId: connection.serviceId } : { serviceId: null, userId: connection.ownerId }),
      severity: "error",
      message: `The ${PROVIDER_LABELS[provider]} webhook of ${connection.repositoryFullName} could not be set up, so pushes reach no one: ${error.message}`,
    });
    return failed;
  }
}

export async function retryWebhook(actor: Actor, id: string) {
  const connection = await getConnectionOrThrow(actor, id);
  const installed = await installWebhook(hookManager(connection), connection.id);
  return serializeConnection(installed, connection.service?.branch ?? null);
}

// Points the provider's existing hook at the current settings; the provider's refusal is the caller's answer.
export async function updateProviderHook(
  connection: { provider: string; serviceId: string | null; repositoryFullName: string; webhookId: string | null; userId: string | null; ownerId: string },
  secret: string,
  events: string[],
) {
  if (!connection.webhookId) return;
  const client = await providerClientFor(hookManager(connection), connection.provider as OAuthProvider);
  await client.updateHook(connection.repositoryFullName, connection.webhookId, { url: receiverUrl(connection.provider, connection.serviceId), secret, events });
}
