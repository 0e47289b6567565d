import { ApiError } from "@/lib/api/errors";
import { secretBox } from "@/lib/crypto";
import { db } from "@/lib/db";
import type { OAuthProvider } from "@/lib/providers/types";
import { generateWebhookSecret } from "@/lib/webhooks/webhook-setup";
import { disconnectRepository } from "./disconnect-repository";
import { installWebhook } from "./install-webhook";
import { serializeConnection } from "./serialize-connection";

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
