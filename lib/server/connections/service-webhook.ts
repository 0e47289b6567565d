import { randomUUID } from "node:crypto";
import { ApiError } from "@/lib/server/api-error";
import { visibleServices, type Actor } from "@/lib/server/auth/access";
import { db } from "@/lib/server/db";
import type { OAuthProvider } from "@/lib/shared/providers/labels";
import { generateWebhookSecret } from "@/lib/server/connections/webhook-setup";
import { disconnectRepository } from "./disconnect-repository";
import { installWebhook } from "./install-webhook";
import { serializeConnection } from "./serialize-connection";
import { sealWebhookSecret } from "@/lib/server/webhooks/webhook-secret";

// The manual flow for a service made without OAuth: the hook is made with the acting user's linked
// provider account, which then manages it.
export async function setupServiceWebhook(actor: Actor, serviceId: string, provider: OAuthProvider) {
  const service = await db.service.findFirst({ where: { id: serviceId, ...visibleServices(actor) }, select: { id: true, branch: true, repositoryFullName: true, slug: true, ownerId: true } });
  if (!service) throw new ApiError({ code: "not_found", message: `Service ${serviceId} not found` });
  const existing = await db.repositoryConnection.findUnique({ where: { serviceId }, omit: { webhookSecretEncrypted: false } });
  const id = existing?.id ?? randomUUID();
  const connection = await db.repositoryConnection.upsert({
    where: { serviceId },
    create: {
      id,
      serviceId,
      ownerId: service.ownerId,
      userId: actor.id,
      provider,
      repositoryFullName: service.repositoryFullName ?? service.slug,
      webhookSecretEncrypted: sealWebhookSecret(generateWebhookSecret(), id),
      events: ["push"],
    },
    update: {
      provider,
      isEnabled: true,
      userId: actor.id,
      ...(existing?.webhookSecretEncrypted ? {} : { webhookSecretEncrypted: sealWebhookSecret(generateWebhookSecret(), id) }),
    },
  });
  return serializeConnection(await installWebhook(actor.id, connection.id), service.branch);
}

export async function removeServiceWebhook(actor: Actor, serviceId: string) {
  const connection = await db.repositoryConnection.findFirst({ where: { serviceId, service: visibleServices(actor) }, select: { id: true } });
  if (!connection) throw new ApiError({ code: "not_found", message: `Service ${serviceId} has no webhook` });
  return disconnectRepository(actor, connection.id, true);
}
