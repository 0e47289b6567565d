import type { Actor } from "@/lib/server/auth/access";
import { db } from "@/lib/server/db";
import { logger } from "@/lib/server/logger";
import { providerClientFor } from "@/lib/server/providers/provider-client";
import { ProviderError } from "@/lib/server/providers/types";
import type { OAuthProvider } from "@/lib/shared/providers/labels";
import { hookManager } from "@/lib/server/providers/provider-client";
import { getConnectionOrThrow } from "./get-connection-or-throw";

// Disconnecting always succeeds on Berth's side; whether the provider's hook went too is reported.
export async function disconnectRepository(actor: Actor, id: string, deleteWebhook: boolean) {
  const connection = await getConnectionOrThrow(actor, id);
  let webhookDeleted = false;
  let reason: string | null = null;
  if (deleteWebhook && connection.webhookId) {
    try {
      const client = await providerClientFor(hookManager(connection), connection.provider as OAuthProvider);
      await client.deleteHook(connection.repositoryFullName, connection.webhookId);
      webhookDeleted = true;
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      reason = error.message;
      logger.warn({ connectionId: connection.id, kind: error.kind }, "provider hook not deleted on disconnect");
    }
  } else if (deleteWebhook) {
    reason = "No provider webhook was registered";
  }
  await db.repositoryConnection.update({
    where: { id: connection.id },
    data: { webhookSecretEncrypted: null, previousSecretEncrypted: null, secretRotatedAt: null, webhookStatus: "inactive", webhookId: webhookDeleted ? null : connection.webhookId, isEnabled: false },
  });
  return {
    success: true,
    connection_id: connection.id,
    repository_full_name: connection.repositoryFullName,
    webhook_deleted: webhookDeleted,
    message: webhookDeleted
      ? `Disconnected ${connection.repositoryFullName}; its webhook was removed`
      : `Disconnected ${connection.repositoryFullName}; the provider's webhook was not removed${reason ? `: ${reason}` : ""}`,
  };
}
