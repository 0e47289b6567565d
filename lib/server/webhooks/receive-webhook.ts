// The provider receivers, in the order that keeps them trustworthy: decide what the URL and headers can
// (the target, the sender's allowance, a signature at all, the content type) before reading a byte of the
// body, then read the raw bytes capped, pick the secret by URL, verify in constant time, parse, record the
// decision in one transaction, answer.
import { NextResponse } from "next/server";
import { ApiError } from "@/lib/server/api-error";
import { readBodyCapped } from "@/lib/server/net/read-body";
import { openWebhookSecret } from "@/lib/server/webhooks/webhook-secret";
import type { Prisma } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/server/logger";
import { metrics } from "@/lib/server/metrics";
import { clientAddress } from "@/lib/server/net/client-address";
import { decide } from "./decide";
import { connectionCache } from "./connection-cache";
import { findConnectionsByRepository, findServiceConnection, StaleConnectionError, type ConnectionRow, type ConnectionVersion } from "./delivery-store";
import { eventLabel } from "./event-names";
import { PROVIDERS } from "./providers";
import { countFailure, failureBackoff, mayRecordRefusal } from "./rate-limit";
import { recordRejectedDelivery, recordVerifiedDelivery, type Outcome } from "./record-delivery";
import { sanitizeHeaders } from "./sanitize-headers";
import { storedPayload } from "./stored-payload";
import { PayloadError, type ProviderAdapter, type WebhookProvider } from "./types";

// GitHub never sends more than 25 MB; nothing legitimate is larger.
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;

const INVALID_SIGNATURE = "Invalid webhook signature";

interface Connection {
  id: string;
  serviceId: string | null;
  isEnabled: boolean;
  // What its service deploys; null for a CI-only connection.
  deploys: { branch: string; deployTags: boolean } | null;
  // The current secret, and the one before it while a rotation's grace period lasts.
  secrets: string[];
  // The row as read, which whatever records or acts on the delivery checks is unchanged.
  guard: ConnectionVersion;
}

// How long a secret keeps verifying after rotation (deliveries the provider signed before its hook changed).
export const ROTATION_GRACE_MS = 10 * 60 * 1000;

function unseal(row: ConnectionRow): Connection {
  const { secretSealed, previousSecretSealed, secretRotatedMs, branch, deployTags } = row;
  const secrets = secretSealed ? [openWebhookSecret(secretSealed, row.id)] : [];
  if (previousSecretSealed && secretRotatedMs !== null && Date.now() - secretRotatedMs < ROTATION_GRACE_MS) {
    secrets.push(openWebhookSecret(previousSecretSealed, row.id, "previousSecretEncrypted"));
  }
  const deploys = row.serviceId && branch !== null ? { branch, deployTags: deployTags ?? false } : null;
  return { id: row.id, serviceId: row.serviceId, isEnabled: row.isEnabled, deploys, secrets, guard: { connectionId: row.id, version: row.version } };
}

// Reads of the connection before a delivery is answered 503: each stale read means it changed meanwhile.
const MAX_READS = 3;

type Target = { serviceId: string } | { byRepository: true };

// Service ids are cuids or UUIDs; anything else cannot name a service and is answered without a lookup.
const SERVICE_ID = /^[a-z0-9-]{8,64}$/i;

// A sender past its failure allowance still gets its verified deliveries through (a provider's IPs may be
// shared with whoever sent the failures), but Berth reads at most this much of them first.
export const LIMITED_SENDER_BYTES = 256 * 1024;

export function receiveProviderWebhook(provider: WebhookProvider, request: Request, target: Target): Promise<Response> {
  return receiveWebhook(PROVIDERS[provider], request, target);
}

export async function receiveWebhook(adapter: ProviderAdapter, request: Request, target: Target): Promise<Response> {
  const startedAt = performance.now();
  const provider = adapter.provider;
  const headers = sanitizeHeaders(request.headers, adapter.secretHeaders);
  const deliveryId = adapter.deliveryId(request.headers);
  const event = adapter.event(request.headers);
  const address = clientAddress(request);
  const serviceId = "serviceId" in target ? target.serviceId : null;

  // Metric labels take the event name only once a signature vouches for it, and only names the provider
  // documents: anyone could otherwise mint a new time series per request.
  const answer = (status: string, httpStatus: number, body: Record<string, unknown>, extra: Record<string, string> = {}, verified = true) => {
    metrics.webhookEvents.inc({ provider, event: verified ? eventLabel(provider, event) : "unverified", status });
    metrics.webhookDuration.observe({ provider }, (performance.now() - startedAt) / 1000);
    return NextResponse.json(body, { status: httpStatus, headers: extra });
  };

  // Everything the URL and headers decide is decided before a byte of the body is read.
  const backoff = await failureBackoff(address, serviceId && SERVICE_ID.test(serviceId) ? serviceId : null);
  const tooManyFailures = () => answer("rate_limited", 429, { detail: "Too many failed deliveries; retry later" }, { "Retry-After": String(backoff) }, false);

  // A refused delivery is counted against its sender; past the allowance it costs no database write, and
  // only so many refusals a minute are written at all.
  const refuse = async (httpStatus: number, detail: string, reason: string, known: { serviceId: string | null; connectionId: string | null; signatureValid: boolean }) => {
    if (!known.signatureValid) {
      await countFailure(address, known.serviceId);
      if (backoff > 0) return tooManyFailures();
    }
    if (await mayRecordRefusal(address)) {
      const refusal = { provider, deliveryId, event, reason, headers, startedAt };
      await recordRejectedDelivery({ ...refusal, ...known }).catch((error: unknown) => {
        if (!(error instanceof StaleConnectionError)) throw error;
        // The service or connection named went meanwhile: recorded without them.
        if (serviceId) connectionCache.delete(serviceId);
        return recordRejectedDelivery({ ...refusal, serviceId: null, connectionId: null, signatureValid: known.signatureValid });
      });
    }
    return answer("rejected", httpStatus, { detail }, {}, known.signatureValid);
  };
  const unknownSender = { serviceId: null, connectionId: null, signatureValid: false };

  // The URL's service's connection: from this process's cache unless fresh (then read and cached).
  const byService = async (id: string, fresh: boolean): Promise<Connection[] | Response> => {
    const cached = fresh ? undefined : connectionCache.get(id);
    if (cached) return [unseal(cached)];
    const service = await findServiceConnection(id);
    if (!service.found) return refuse(404, `Service ${id} not found`, "Unknown service", unknownSender);
    if (!service.connection) {
      return refuse(401, INVALID_SIGNATURE, "No webhook secret is set up for this service", { serviceId: id, connectionId: null, signatureValid: false });
    }
    connectionCache.set(id, service.connection);
    return [unseal(service.connection)];
  };

  let connections: Connection[] | null = null;
  // Whether connections came from the cache: then a signature that does not verify is checked again after a fresh read.
  let cached = false;
  if (serviceId) {
    if (!SERVICE_ID.test(serviceId)) return refuse(404, `Service ${serviceId.slice(0, 64)} not found`, "Unknown service", unknownSender);
    cached = connectionCache.get(serviceId) !== undefined;
    const found = await byService(serviceId, false);
    if (found instanceof Response) return found;
    connections = found;
  }
  const only = connections?.length === 1 ? connections[0] : undefined;
  const knownTarget = { serviceId: only?.serviceId ?? null, connectionId: only?.id ?? null, signatureValid: false };
  const unsignedTest = adapter.isUnsignedTest?.(event, request.headers) ?? false;
  if (!unsignedTest && !adapter.signed(request.headers)) return refuse(401, INVALID_SIGNATURE, "No signature", knownTarget);
  const contentType = request.headers.get("content-type");
  const format = bodyFormat(contentType, adapter);
  if (format === "unsupported") {
    return refuse(415, "Unsupported content type: send application/json", `Unsupported content type ${contentType ?? "(none)"}`, knownTarget);
  }

  let raw: Buffer;
  try {
    raw = Buffer.from(await readBodyCapped(request, backoff > 0 ? LIMITED_SENDER_BYTES : MAX_WEBHOOK_BYTES));
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (backoff > 0) return tooManyFailures();
    return refuse(413, `Payload larger than ${MAX_WEBHOOK_BYTES} bytes`, "Payload too large", knownTarget);
  }
  const json = jsonText(raw, format, adapter);
  if (json === undefined) return refuse(415, "Unsupported content type: send application/json", `Unsupported content type ${contentType ?? "(none)"}`, knownTarget);

  const byRepository = async (): Promise<Connection[] | Response> => {
    const repository = repositoryOf(json, adapter);
    if (!repository) return refuse(400, "Cannot tell which repository this delivery is for", "No repository in payload", unknownSender);
    const found = (await findConnectionsByRepository(repository)).map(unseal);
    if (found.length === 0) return refuse(404, `No service is connected to ${repository}`, "Unknown repository", unknownSender);
    return found;
  };
  if (!connections) {
    const found = await byRepository();
    if (found instanceof Response) return found;
    connections = found;
  }

  // Verifies against each connection's secrets, parses, decides and records.
  const verifyAndRecord = async (candidates: Connection[], fromCache: boolean): Promise<Response> => {
    const verified: Connection[] = [];
    for (const connection of candidates) {
      for (const secret of connection.secrets) {
        if (await adapter.verify(secret, raw, request.headers)) {
          verified.push(connection);
          break;
        }
      }
    }
    if (verified.length === 0) {
      // The secret may have been rotated since it was cached: refused only after a fresh read.
      if (fromCache) throw new StaleConnectionError("The signature did not verify with the cached secret");
      const single = candidates.length === 1 ? candidates[0] : undefined;
      const who = { serviceId: single?.serviceId ?? null, connectionId: single?.id ?? null, signatureValid: false };
      if (unsignedTest) {
        const reason = "Unsigned connection test, answered without acting on it";
        if (await mayRecordRefusal(address)) await recordRejectedDelivery({ status: "ignored", provider, deliveryId, event, reason, headers, startedAt, ...who });
        return answer("ignored", 200, { status: "pong" }, {}, false);
      }
      return refuse(401, INVALID_SIGNATURE, INVALID_SIGNATURE, who);
    }

    let payload: Prisma.InputJsonValue;
    try {
      payload = JSON.parse(json) as Prisma.InputJsonValue;
    } catch {
      return refuseEach(verified, 400, "Malformed JSON");
    }
    if (!event) return refuseEach(verified, 400, "Missing event header");

    let parsed;
    try {
      parsed = adapter.parse(event, payload);
    } catch (error) {
      if (error instanceof PayloadError) return refuseEach(verified, 400, error.message);
      throw error;
    }

    const kept = storedPayload(payload, raw.length);
    const outcomes: (Outcome & { serviceId: string | null; connectionId: string })[] = [];
    for (const connection of verified) {
      const outcome = await recordVerifiedDelivery(
        {
          provider,
          deliveryId,
          serviceId: connection.serviceId,
          connectionId: connection.id,
          event,
          action: parsed.action,
          repository: adapter.repository(payload),
          headers,
          payload: kept,
          startedAt,
          trigger: provider === "deploy_hook" ? "deploy_hook" : "webhook",
          guard: connection.guard,
        },
        connection.isEnabled ? decide(parsed.normalized, connection.deploys) : { kind: "disabled" },
      );
      outcomes.push({ ...outcome, serviceId: connection.serviceId, connectionId: connection.id });
    }
    logger.debug({ provider, event, deliveryId, outcomes: outcomes.map((outcome) => outcome.status) }, "webhook delivery");

    const [first] = outcomes;
    if (outcomes.length === 1 && first) return answer(first.status, first.httpStatus, first.body);
    const httpStatus = outcomes.some((outcome) => outcome.httpStatus === 202) ? 202 : 200;
    return answer("multiple", httpStatus, {
      status: "multiple",
      results: outcomes.map((outcome) => ({ service_id: outcome.serviceId, connection_id: outcome.connectionId, ...outcome.body })),
    });
  };

  for (let read = 1; ; read++) {
    try {
      return await verifyAndRecord(connections, cached);
    } catch (error) {
      if (!(error instanceof StaleConnectionError)) throw error;
      if (serviceId) connectionCache.delete(serviceId);
      if (read === MAX_READS) {
        logger.warn({ provider, deliveryId, serviceId }, "the connection kept changing while a delivery was handled; answered 503");
        return answer("unavailable", 503, { detail: "The webhook's settings changed while this delivery was handled; send it again" }, { "Retry-After": "1" });
      }
      const found = serviceId ? await byService(serviceId, true) : await byRepository();
      if (found instanceof Response) return found;
      connections = found;
      cached = false;
    }
  }

  async function refuseEach(targets: Connection[], httpStatus: number, detail: string) {
    for (const connection of targets) {
      if (await mayRecordRefusal(address)) {
        await recordRejectedDelivery({ provider, deliveryId, event, reason: detail, headers, startedAt, serviceId: connection.serviceId, connectionId: connection.id, signatureValid: true });
      }
    }
    return answer("rejected", httpStatus, { detail });
  }
}

type BodyFormat = "json" | "form" | "empty-only" | "unsupported";

// What the content type promises, known before reading: JSON as sent, GitHub's and Gitea's form encoding
// (`payload=<json>`), or (the deploy hook) no body at all.
function bodyFormat(contentType: string | null, adapter: ProviderAdapter): BodyFormat {
  const type = contentType?.split(";")[0]?.trim().toLowerCase();
  if (type === "application/json") return "json";
  if (type === "application/x-www-form-urlencoded" && adapter.formBodies) return "form";
  return adapter.emptyBodyAllowed ? "empty-only" : "unsupported";
}

// The JSON text of a body in its format; undefined when the body does not match what its type promised.
function jsonText(raw: Buffer, format: Exclude<BodyFormat, "unsupported">, adapter: ProviderAdapter): string | undefined {
  if (raw.length === 0 && adapter.emptyBodyAllowed) return "{}";
  if (format === "json") return raw.toString("utf8");
  if (format === "form") return new URLSearchParams(raw.toString("utf8")).get("payload") ?? "";
  return undefined;
}

function repositoryOf(json: string, adapter: ProviderAdapter): string | null {
  try {
    return adapter.repository(JSON.parse(json));
  } catch {
    return null;
  }
}
