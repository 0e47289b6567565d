// Creates (or re-creates) the provider's hook for a connection. A provider failure is recorded on the
// connection (status failed, the provider's message), not thrown: the connection stays, and can retry.
import { secretBox } from "@/lib/crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { providerClientFor } from "@/lib/providers/provider-client";
import { ProviderError, type OAuthProvider } from "@/lib/providers/types";
import { logger } from "@/lib/logger";

export function receiverUrl(provider: string, serviceId: string): string {
  return `${env().NEXTAUTH_URL.replace(/\/+$/, "")}/api/webhooks/${provider}/${serviceId}`;
}

export async function installWebhook(userId: string, connectionId: string) {
  const connection = await db.repositoryConnection.findUniqueOrThrow({ where: { id: connectionId }, omit: { webhookSecretEncrypted: false } });
  const provider = connection.provider as OAuthProvider;
  try {
    if (!connection.webhookSecretEncrypted) throw new ProviderError("failed", "The connection has no webhook secret");
    const client = await providerClientFor(userId, provider);
    const spec = { url: receiverUrl(provider, connection.serviceId), secret: secretBox().decrypt(connection.webhookSecretEncrypted), events: connection.events };
    if (connection.webhookId) await client.deleteHook(connection.repositoryFullName, connection.webhookId);
    const hook = await client.createHook(connection.repositoryFullName, spec);
    return await db.repositoryConnection.update({
      where: { id: connection.id },
      data: { webhookId: hook.id, webhookStatus: "active", webhookCreatedAt: new Date(), lastError: null, userId },
    });
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    logger.warn({ connectionId, provider, kind: error.kind, status: error.status }, "webhook installation failed");
    return db.repositoryConnection.update({ where: { id: connection.id }, data: { webhookStatus: "failed", lastError: error.message, webhookId: null } });
  }
}
