// Reading, changing, re-installing and removing a repository connection, and rotating its secret.
import { ApiError } from "@/lib/api/errors";
import { secretBox } from "@/lib/crypto";
import { db } from "@/lib/db";
import { logger } from "@/lib/logger";
import { providerClientFor } from "@/lib/providers/provider-client";
import { ProviderError, type OAuthProvider } from "@/lib/providers/types";
import type { UpdateConnectionInput } from "@/lib/validations/connection";
import { generateWebhookSecret } from "@/lib/webhooks/webhook-setup";
import { getConnectionOrThrow } from "./get-connection-or-throw";
import { installWebhook, receiverUrl } from "./install-webhook";
import { asApiError } from "./provider-errors";
import { serializeConnection } from "./serialize-connection";

export async function getConnection(ownerId: string, id: string) {
  const { webhookSecretEncrypted: _secret, service, ...connection } = await getConnectionOrThrow(ownerId, id);
  return serializeConnection({ ...connection }, service.branch);
}

export async function retryWebhook(ownerId: string, id: string) {
  const connection = await getConnectionOrThrow(ownerId, id);
  const installed = await installWebhook(ownerId, connection.id);
  return serializeConnection(installed, connection.service.branch);
}

// Changing the events also changes the provider's hook; a failure there is the answer (nothing is saved).
export async function updateConnection(ownerId: string, id: string, patch: UpdateConnectionInput) {
  const connection = await getConnectionOrThrow(ownerId, id);
  const events = patch.events ?? connection.events;
  if (patch.events && connection.webhookId && connection.webhookSecretEncrypted) {
    try {
      const client = await providerClientFor(ownerId, connection.provider as OAuthProvider);
      await client.updateHook(connection.repositoryFullName, connection.webhookId, {
        url: receiverUrl(connection.provider, connection.serviceId),
        secret: secretBox().decrypt(connection.webhookSecretEncrypted),
        events,
      });
    } catch (error) {
      throw asApiError(error);
    }
  }
  const [updated, service] = await db.$transaction([
    db.repositoryConnection.update({ where: { id: connection.id }, data: { isEnabled: patch.is_enabled, events } }),
    db.service.update({ where: { id: connection.serviceId }, data: { branch: patch.branch }, select: { branch: true } }),
  ]);
  return serializeConnection(updated, service.branch);
}

export async function rotateSecret(ownerId: string, id: string) {
  const connection = await getConnectionOrThrow(ownerId, id);
  const box = secretBox();
  const secret = generateWebhookSecret();
  if (connection.webhookId) {
    try {
      const client = await providerClientFor(ownerId, connection.provider as OAuthProvider);
      await client.updateHook(connection.repositoryFullName, connection.webhookId, { url: receiverUrl(connection.provider, connection.serviceId), secret, events: connection.events });
    } catch (error) {
      throw asApiError(error);
    }
  }
  const updated = await db.repositoryConnection.update({
    where: { id: connection.id },
    data: { webhookSecretEncrypted: box.encrypt(secret), previousSecretEncrypted: connection.webhookSecretEncrypted, secretRotatedAt: new Date() },
  });
  return serializeConnection(updated, connection.service.branch);
}

// Disconnecting always succeeds on Berth's side; whether the provider's hook went too is reported.
export async function disconnectRepository(ownerId: string, id: string, deleteWebhook: boolean) {
  const connection = await getConnectionOrThrow(ownerId, id);
  let webhookDeleted = false;
  let reason: string | null = null;
  if (deleteWebhook && connection.webhookId) {
    try {
      const client = await providerClientFor(ownerId, connection.provider as OAuthProvider);
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

// The manual flow for a service made without OAuth, once its owner has linked a provider account.
export async function setupServiceWebhook(ownerId: string, serviceId: string, provider: OAuthProvider) {
  const service = await db.service.findFirst({ where: { id: serviceId, ownerId }, select: { id: true, branch: true, repositoryFullName: true, slug: true } });
  if (!service) throw new ApiError({ code: "not_found", message: `Service ${serviceId} not found` });
  const existing = await db.repositoryConnection.findUnique({ where: { serviceId }, omit: { webhookSecretEncrypted: false } });
  const connection = await db.repositoryConnection.upsert({
    where: { serviceId },
    create: {
      serviceId,
      userId: ownerId,
      provider,
      repositoryFullName: service.repositoryFullName ?? service.slug,
      webhookSecretEncrypted: secretBox().encrypt(generateWebhookSecret()),
      events: ["push"],
    },
    update: {
      provider,
      isEnabled: true,
      ...(existing?.webhookSecretEncrypted ? {} : { webhookSecretEncrypted: secretBox().encrypt(generateWebhookSecret()) }),
    },
  });
  return serializeConnection(await installWebhook(ownerId, connection.id), service.branch);
}

export async function removeServiceWebhook(ownerId: string, serviceId: string) {
  const connection = await db.repositoryConnection.findFirst({ where: { serviceId, service: { ownerId } }, select: { id: true } });
  if (!connection) throw new ApiError({ code: "not_found", message: `Service ${serviceId} has no webhook` });
  return disconnectRepository(ownerId, connection.id, true);
}
