// Re-processes a stored, verified delivery through the same decision and recording path. Commit dedupe
// still applies: a replay never starts a second deployment of a commit that has one.
import { z } from "zod";
import { ApiError } from "@/lib/server/api-error";
import { visibleServices, type Actor } from "@/lib/server/auth/access";
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
    where: { id, service: visibleServices(actor) },
    include: { service: { select: { id: true, branch: true, deployTags: true, connection: { select: { id: true, isEnabled: true } } } } },
  });
  if (!original?.service) throw new ApiError({ code: "not_found", message: `Delivery ${id} not found` });
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
      serviceId: original.service.id,
      connectionId: original.service.connection?.id ?? null,
      event: original.event,
      signatureValid: true,
      reason: error.message,
      headers: original.headers as Record<string, string>,
      startedAt,
      replayOfId: original.id,
    });
    throw new ApiError({ code: "bad_request", message: `This delivery cannot be replayed: ${error.message}` });
  }
  const connection = original.service.connection;
  return recordVerifiedDelivery(
    {
      provider: original.provider,
      deliveryId: original.deliveryId,
      serviceId: original.service.id,
      connectionId: connection?.id ?? null,
      event: original.event,
      action: parsed.action,
      repository: original.repository,
      headers: original.headers as Record<string, string>,
      payload: original.payload,
      startedAt,
      trigger: "replay",
      replayOf: original.id,
    },
    connection && !connection.isEnabled ? { kind: "disabled" } : decide(parsed.normalized, original.service),
  );
}
