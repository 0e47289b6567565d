// Reading the audit log: a list shows the user's own services' deliveries, or (admins, scope=all) all of
// it, refusals no service claimed included; one delivery opens for its owner or an admin.
import { z } from "zod";
import { ApiError } from "@/lib/server/api-error";
import { listedDeliveries, visibleDeliveries, type Actor } from "@/lib/server/auth/access";
import { listScopeSchema, type ListScope } from "@/lib/shared/validations/list-scope";
import { db } from "@/lib/server/db";
import type { DeliveryStatus, Prisma, WebhookDelivery } from "@/lib/generated/prisma/client";

const STATUSES = ["received", "queued", "ignored", "duplicate", "skipped", "rejected", "failed", "processed"] as const satisfies readonly DeliveryStatus[];

// How the statistics group statuses.
const GROUP: Record<DeliveryStatus, "processed" | "pending" | "failed"> = {
  received: "pending",
  queued: "pending",
  processed: "processed",
  ignored: "processed",
  duplicate: "processed",
  skipped: "processed",
  rejected: "failed",
  failed: "failed",
};

export const listDeliveriesQuerySchema = z.object({
  repository: z.string().max(255).optional(),
  event: z.string().max(100).optional(),
  status: z.enum(STATUSES).optional(),
  provider: z.string().max(32).optional(),
  service_id: z.string().max(64).optional(),
  scope: listScopeSchema,
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const statisticsQuerySchema = z.object({ hours: z.coerce.number().int().min(1).max(24 * 90).default(24), scope: listScopeSchema });

export const healthQuerySchema = z.object({ scope: listScopeSchema });

type DeliveryRow = Omit<WebhookDelivery, "payload" | "headers"> & { deployments?: { id: string }[] };

// The deployment a delivery started, if it started one.
const startedDeployment = { deployments: { select: { id: true }, take: 1 } } as const;

function serializeDelivery(delivery: DeliveryRow) {
  return {
    id: delivery.id,
    provider: delivery.provider,
    delivery_id: delivery.deliveryId,
    service_id: delivery.serviceId,
    event: delivery.event,
    action: delivery.action,
    repository: delivery.repository,
    ref: delivery.ref,
    commit_sha: delivery.commitSha,
    signature_valid: delivery.signatureValid,
    status: delivery.status,
    reason: delivery.reason,
    received_at: delivery.receivedAt.toISOString(),
    answered_in_ms: delivery.answeredInMs,
    replay_of_id: delivery.replayOfId,
    deployment_id: delivery.deployments?.[0]?.id ?? null,
  };
}


export async function listDeliveries(actor: Actor, query: z.infer<typeof listDeliveriesQuerySchema>) {
  const where: Prisma.WebhookDeliveryWhereInput = {
    ...listedDeliveries(actor, query.scope),
    repository: query.repository ? { equals: query.repository, mode: "insensitive" } : undefined,
    event: query.event,
    status: query.status,
    provider: query.provider,
    serviceId: query.service_id,
  };
  const [rows, total] = await Promise.all([
    db.webhookDelivery.findMany({ where, orderBy: { receivedAt: "desc" }, take: query.limit, skip: query.offset, omit: { payload: true, headers: true }, include: startedDeployment }),
    db.webhookDelivery.count({ where }),
  ]);
  return { deliveries: rows.map(serializeDelivery), total, limit: query.limit, offset: query.offset };
}

export async function getDelivery(actor: Actor, id: string) {
  const delivery = await db.webhookDelivery.findFirst({ where: { id, ...visibleDeliveries(actor) }, include: startedDeployment });
  if (!delivery) throw new ApiError({ code: "not_found", message: `Delivery ${id} not found` });
  return { ...serializeDelivery(delivery), headers: delivery.headers, payload: delivery.payload };
}

type Counts = { total: number; processed: number; pending: number; failed: number };
const emptyCounts = (): Counts => ({ total: 0, processed: 0, pending: 0, failed: 0 });

export async function deliveryStatistics(actor: Actor, hours: number, scope: ListScope = "mine") {
  const since = new Date(Date.now() - hours * 3600_000);
  const groups = await db.webhookDelivery.groupBy({
    by: ["event", "status"],
    where: { ...listedDeliveries(actor, scope), receivedAt: { gte: since } },
    _count: { _all: true },
  });
  const totals = emptyCounts();
  const byEvent: Record<string, Counts> = {};
  const byStatus: Partial<Record<DeliveryStatus, number>> = {};
  for (const group of groups) {
    const count = group._count._all;
    const bucket = (byEvent[group.event ?? "unknown"] ??= emptyCounts());
    for (const counts of [totals, bucket]) {
      counts.total += count;
      counts[GROUP[group.status]] += count;
    }
    byStatus[group.status] = (byStatus[group.status] ?? 0) + count;
  }
  return { hours, since: since.toISOString(), ...totals, by_event: byEvent, by_status: byStatus };
}

export async function webhookHealth(actor: Actor, scope: ListScope = "mine") {
  const where = listedDeliveries(actor, scope);
  const everyone = scope === "all";
  const since = new Date(Date.now() - 24 * 3600_000);
  const [recent, hourly] = await Promise.all([
    db.webhookDelivery.findMany({ where, orderBy: { receivedAt: "desc" }, take: 10, omit: { payload: true, headers: true } }),
    db.$queryRaw<{ hour: Date; total: bigint; failed: bigint }[]>`
      SELECT date_trunc('hour', d."receivedAt") AS hour,
             count(*) AS total,
             count(*) FILTER (WHERE d.status IN ('rejected', 'failed')) AS failed
      FROM "WebhookDelivery" d LEFT JOIN "Service" s ON s.id = d."serviceId" LEFT JOIN "RepositoryConnection" c ON c.id = d."connectionId"
      WHERE (${everyone} OR s."ownerId" = ${actor.id} OR c."ownerId" = ${actor.id}) AND d."receivedAt" >= ${since}
      GROUP BY 1 ORDER BY 1`,
  ]);
  const lastHour = hourly.filter((row) => row.hour.getTime() >= Date.now() - 2 * 3600_000);
  const failed = lastHour.reduce((sum, row) => sum + Number(row.failed), 0);
  const total = lastHour.reduce((sum, row) => sum + Number(row.total), 0);
  const status = recent.length === 0 ? "no_events" : total > 0 && failed / total > 0.5 ? "degraded" : "healthy";
  return {
    status,
    last_event_at: recent[0]?.receivedAt.toISOString() ?? null,
    recent_events: recent.map(serializeDelivery),
    hourly: hourly.map((row) => ({ hour: row.hour.toISOString(), total: Number(row.total), failed: Number(row.failed) })),
  };
}
