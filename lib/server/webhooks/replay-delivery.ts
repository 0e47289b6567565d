// Re-processes a stored, verified delivery through the same decision and recording path. Commit dedupe
// still applies: a replay never starts a second deployment of a commit that has one.
import { z } from "zod";
import { ApiError } from "@/lib/server/api-error";
import { visibleDeliveries, type Actor } from "@/lib/server/auth/access";
import { db } from "@/lib/server/db";
import { decide } from "./decide";
import { deployHook } from "./deploy-hook";
import { PROVIDERS } from "./providers";
import { recordRejectedDelivery, recordVerifiedDelivery } from "./record-delivery";
import { PayloadError, WEBHOOK_PROVIDERS, type ProviderAdapter } from "./types";

const providerSchema = z.enum([...WEBHOOK_PROVIDERS, "deploy_hook"]);

export async function replayDelivery(actor: Actor, id: string) {
  const startedAt = performance.now();
  const original = await db.webhookDelivery.findFirst({
    // A delivery no service and no CI-only connection claims has nothing to be replayed against.
    where: { id, AND: [visibleDeliveries(actor), { OR: [{ serviceId: { not: null } }, { connection: { serviceId: null } }] }] },
    include: {
      service: { select: { id: true, branch: true, deployTags: true, connection: { select: { id: true, isEnabled: true } } } },
      connection: { select: { id: true, isEnabled: true } },
    },
  });
  if (!original) throw new ApiError({ code: "not_found", message: `Delivery ${id} not found` });
  // Replayed against its service's connection as it is today, or against the CI-only connection it came to.
  const service = original.service;
  const connection = service ? service.connection : original.connection;
  if (!original.signatureValid || original.payload === null || !original.event) {
    throw new ApiError({ code: "unprocessable", message: "Only verified deliveries with a stored payload can be replayed" });
  }

  const provider = providerSchema.parse(original.provider);
  const adapter: ProviderAdapter = provider === "deploy_hook" ? deployHook : PROVIDERS[provider];
  // Stored payloads are parsed again under today's rules: one recorded before a rule existed is refused
  // now rather than trusted because it was once accepted.
  let parsed;
  try {
    parsed = adapter.parse(original.event, original.payload);
  } catch (error) {
    if (!(error instanceof PayloadError)) throw error;
    await recordRejectedDelivery({
      provider: original.provider,
      deliveryId: original.deliveryId,
      serviceId: service?.id ?? null,
      connectionId: connection?.id ?? null,
      event: original.event,
      signatureValid: true,
      reason: error.message,
      headers: original.headers as Record<string, string>,
      startedAt,
      replayOfId: original.id,
    });
    throw new ApiError({ code: "bad_request", message: `This delivery cannot be replayed: ${error.message}` });
  }
  return recordVerifiedDelivery(
    {
      provider: original.provider,
      deliveryId: original.deliveryId,
      serviceId: service?.id ?? null,
      connectionId: connection?.id ?? null,
      event: original.event,
      action: parsed.action,
      repository: original.repository,
      headers: original.headers as Record<string, string>,
      payload: original.payload,
      startedAt,
      trigger: "replay",
      replayOf: original.id,
      guard: null,
    },
    connection && !connection.isEnabled ? { kind: "disabled" } : decide(parsed.normalized, service),
  );
}
