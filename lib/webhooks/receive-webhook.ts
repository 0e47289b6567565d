// The provider receivers, in the order that keeps them trustworthy: cap and read the raw bytes, pick the
// secret by URL, verify in constant time, parse, record the decision in one transaction, answer.
import { NextResponse } from "next/server";
import { ApiError } from "@/lib/api/errors";
import { readBodyCapped } from "@/lib/api/read-body";
import { secretBox } from "@/lib/crypto";
import type { Prisma } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/logger";
import { metrics } from "@/lib/metrics";
import { decide } from "./decide";
import { findConnectionsByRepository, findServiceConnection, type ConnectionRow } from "./delivery-store";
import { PROVIDERS } from "./providers";
import { countFailure, failureBackoff } from "./rate-limit";
import { recordRejectedDelivery, recordVerifiedDelivery, type Outcome } from "./record-delivery";
import { sanitizeHeaders } from "./sanitize-headers";
import { PayloadError, type ProviderAdapter, type WebhookProvider } from "./types";

// GitHub never sends more than 25 MB; nothing legitimate is larger.
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;

const INVALID_SIGNATURE = "Invalid webhook signature";

interface Connection extends Omit<ConnectionRow, "secretSealed" | "previousSecretSealed" | "secretRotatedAt"> {
  // The current secret, and the one before it while a rotation's grace period lasts.
  secrets: string[];
}

// How long a secret keeps verifying after rotation (deliveries the provider signed before its hook changed).
export const ROTATION_GRACE_MS = 10 * 60 * 1000;

function unseal(row: ConnectionRow): Connection {
  const { secretSealed, previousSecretSealed, secretRotatedAt, ...rest } = row;
  const box = secretBox();
  const secrets = secretSealed ? [box.decrypt(secretSealed)] : [];
  if (previousSecretSealed && secretRotatedAt && Date.now() - secretRotatedAt.getTime() < ROTATION_GRACE_MS) secrets.push(box.decrypt(previousSecretSealed));
  return { ...rest, secrets };
}

// The nearest hop's view of the sender: the last X-Forwarded-For entry, which a reverse proxy in front
// appends (Next.js fills the header from the socket only when it is absent). Without a proxy a sender can
// choose it, which is why failures are also limited per service.
export function clientAddress(request: Request): string {
  return request.headers.get("x-forwarded-for")?.split(",").at(-1)?.trim() || "unknown";
}

type Target = { serviceId: string } | { byRepository: true };

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

  // Metric labels take the event name only once a signature vouches for it: unverified callers could
  // otherwise mint a new time series per request.
  const answer = (status: string, httpStatus: number, body: Record<string, unknown>, extra: Record<string, string> = {}, verified = true) => {
    metrics.webhookEvents.inc({ provider, event: verified ? (event ?? "unknown") : "unverified", status });
    metrics.webhookDuration.observe({ provider }, (performance.now() - startedAt) / 1000);
    return NextResponse.json(body, { status: httpStatus, headers: extra });
  };

  // A refused delivery is counted against its sender; past the allowance it costs no database write.
  const refuse = async (httpStatus: number, detail: string, reason: string, known: { serviceId: string | null; connectionId: string | null; signatureValid: boolean }) => {
    if (!known.signatureValid) {
      const wait = await failureBackoff(address, known.serviceId);
      await countFailure(address, known.serviceId);
      if (wait > 0) return answer("rate_limited", 429, { detail: "Too many failed deliveries; retry later" }, { "Retry-After": String(wait) }, false);
    }
    await recordRejectedDelivery({ provider, deliveryId, event, reason, headers, startedAt, ...known });
    return answer("rejected", httpStatus, { detail }, {}, known.signatureValid);
  };

  let raw: Buffer;
  try {
    raw = Buffer.from(await readBodyCapped(request, MAX_WEBHOOK_BYTES));
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return refuse(413, `Payload larger than ${MAX_WEBHOOK_BYTES} bytes`, "Payload too large", { serviceId: null, connectionId: null, signatureValid: false });
  }

  const json = jsonText(raw, request.headers.get("content-type"), adapter);
  if (json === undefined) {
    return refuse(415, "Unsupported content type: send application/json", `Unsupported content type ${request.headers.get("content-type") ?? "(none)"}`, {
      serviceId: null,
      connectionId: null,
      signatureValid: false,
    });
  }

  let connections: Connection[];
  if (serviceId) {
    const service = await findServiceConnection(serviceId);
    if (!service.found) return refuse(404, `Service ${serviceId} not found`, "Unknown service", { serviceId: null, connectionId: null, signatureValid: false });
    connections = service.connection ? [unseal(service.connection)] : [];
    if (connections.length === 0) {
      return refuse(401, INVALID_SIGNATURE, "No webhook secret is set up for this service", { serviceId, connectionId: null, signatureValid: false });
    }
  } else {
    const repository = repositoryOf(json, adapter);
    if (!repository) return refuse(400, "Cannot tell which repository this delivery is for", "No repository in payload", { serviceId: null, connectionId: null, signatureValid: false });
    connections = (await findConnectionsByRepository(repository)).map(unseal);
    if (connections.length === 0) {
      return refuse(404, `No service is connected to ${repository}`, "Unknown repository", { serviceId: null, connectionId: null, signatureValid: false });
    }
  }

  const verified: Connection[] = [];
  for (const connection of connections) {
    for (const secret of connection.secrets) {
      if (await adapter.verify(secret, raw, request.headers)) {
        verified.push(connection);
        break;
      }
    }
  }
  if (verified.length === 0) {
    const only = connections.length === 1 ? connections[0] : undefined;
    if (adapter.isUnsignedTest?.(event, request.headers)) {
      const reason = "Unsigned connection test, answered without acting on it";
      await recordRejectedDelivery({ status: "ignored", provider, deliveryId, event, reason, headers, startedAt, serviceId: only?.serviceId ?? null, connectionId: only?.id ?? null, signatureValid: false });
      return answer("ignored", 200, { status: "pong" }, {}, false);
    }
    return refuse(401, INVALID_SIGNATURE, INVALID_SIGNATURE, { serviceId: only?.serviceId ?? null, connectionId: only?.id ?? null, signatureValid: false });
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

  const outcomes: (Outcome & { serviceId: string })[] = [];
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
        payload,
        startedAt,
        trigger: provider === "deploy_hook" ? "deploy_hook" : "webhook",
      },
      connection.isEnabled ? decide(parsed.normalized, connection) : { kind: "disabled" },
    );
    outcomes.push({ ...outcome, serviceId: connection.serviceId });
  }
  logger.debug({ provider, event, deliveryId, outcomes: outcomes.map((outcome) => outcome.status) }, "webhook delivery");

  const [first] = outcomes;
  if (outcomes.length === 1 && first) return answer(first.status, first.httpStatus, first.body);
  const httpStatus = outcomes.some((outcome) => outcome.httpStatus === 202) ? 202 : 200;
  return answer("multiple", httpStatus, {
    status: "multiple",
    results: outcomes.map((outcome) => ({ service_id: outcome.serviceId, ...outcome.body })),
  });

  async function refuseEach(targets: Connection[], httpStatus: number, detail: string) {
    for (const connection of targets) {
      await recordRejectedDelivery({ provider, deliveryId, event, reason: detail, headers, startedAt, serviceId: connection.serviceId, connectionId: connection.id, signatureValid: true });
    }
    return answer("rejected", httpStatus, { detail });
  }
}

// The JSON text of a body: as sent, or GitHub's and Gitea's form encoding (`payload=<json>`).
// undefined: a content type the provider does not send.
function jsonText(raw: Buffer, contentType: string | null, adapter: ProviderAdapter): string | undefined {
  const type = contentType?.split(";")[0]?.trim().toLowerCase();
  if (raw.length === 0 && adapter.emptyBodyAllowed) return "{}";
  if (type === "application/json") return raw.toString("utf8");
  if (type === "application/x-www-form-urlencoded" && adapter.formBodies) {
    return new URLSearchParams(raw.toString("utf8")).get("payload") ?? "";
  }
  return undefined;
}

function repositoryOf(json: string, adapter: ProviderAdapter): string | null {
  try {
    return adapter.repository(JSON.parse(json));
  } catch {
    return null;
  }
}
