// Records a verified delivery and acts on its decision: the audit row, the deployment and its workflow
// event are written in one transaction, together or not at all, before the provider gets its answer.
// Duplicates are settled by partial unique indexes (see the webhook_ingestion migration), not locks, so a
// burst of deliveries for one service is written in parallel.
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { Prisma, type DeliveryStatus } from "@/lib/generated/prisma/client";
import { shortSha, type Decision } from "./decide";

export interface VerifiedDelivery {
  provider: string;
  deliveryId: string | null;
  serviceId: string;
  connectionId: string | null;
  event: string;
  action: string | null;
  repository: string | null;
  headers: Record<string, string>;
  payload: Prisma.InputJsonValue | null;
  startedAt: number;
  trigger: "webhook" | "replay" | "deploy_hook";
  // A replay re-processes an earlier delivery (this is its row id): its delivery id is not a duplicate.
  replayOf?: string;
}

export interface Outcome {
  httpStatus: number;
  status: DeliveryStatus;
  body: Record<string, unknown>;
  deliveryRowId: string;
}

// Deployments that count as "this commit is already deployed or on its way".
const ACTIVE = ["queued", "building", "deploying", "live"] as const;

type Final = Exclude<Decision, { kind: "deploy" }> | { kind: "disabled" };

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

export async function recordVerifiedDelivery(delivery: VerifiedDelivery, decision: Decision | { kind: "disabled" }): Promise<Outcome> {
  const ref = decision.kind === "deploy" ? decision.ref : null;
  const commitSha = decision.kind === "deploy" ? decision.commit.sha : null;
  const row = (status: DeliveryStatus, reason: string | null): Prisma.WebhookDeliveryUncheckedCreateInput => ({
    provider: delivery.provider,
    deliveryId: delivery.deliveryId,
    serviceId: delivery.serviceId,
    connectionId: delivery.connectionId,
    event: delivery.event,
    action: delivery.action,
    repository: delivery.repository,
    ref,
    commitSha,
    signatureValid: true,
    headers: delivery.headers,
    payload: delivery.payload ?? undefined,
    replayOfId: delivery.replayOf ?? null,
    status,
    reason,
    answeredInMs: Math.round(performance.now() - delivery.startedAt),
  });
  const insert = async (status: DeliveryStatus, reason: string | null) => (await db.webhookDelivery.create({ data: row(status, reason), select: { id: true } })).id;

  const duplicate = async (): Promise<Outcome> => {
    const message = `Delivery ${delivery.deliveryId} was already received`;
    return { httpStatus: 200, status: "duplicate", body: { status: "duplicate", message }, deliveryRowId: await insert("duplicate", message) };
  };
  const skipped = async (deploymentId: string): Promise<Outcome> => {
    const what = commitSha ? `commit ${shortSha(commitSha)}` : `the head of ${ref}`;
    const message = `Deployment for ${what} already exists`;
    return { httpStatus: 200, status: "skipped", body: { status: "skipped", message, deployment_id: deploymentId }, deliveryRowId: await insert("skipped", message) };
  };

  // Outside any transaction and without locking the row: many deliveries for one repository arrive at once.
  if (delivery.connectionId) {
    await db.repositoryConnection.update({
      where: { id: delivery.connectionId },
      data: { webhookLastDeliveryAt: new Date(), ...(decision.kind === "pong" ? { webhookStatus: "active", lastError: null } : {}) },
    });
  }

  // The common cases answered by reads; the unique indexes below settle the races the reads cannot see.
  const [seen, existing] = await Promise.all([originalDelivery(), decision.kind === "deploy" ? activeDeployment(delivery.serviceId, decision.commit.sha) : null]);
  if (seen) return duplicate();
  if (existing) return skipped(existing.id);

  try {
    if (decision.kind !== "deploy") return await recordFinal(decision);
    const deliveryRowId = randomUUID();
    const deploymentId = randomUUID();
    // One statement batch, one transaction: the audit row, the deployment and its workflow event.
    await db.$transaction([
      db.webhookDelivery.create({ data: { ...row("queued", null), id: deliveryRowId }, select: { id: true } }),
      db.deployment.create({
        data: {
          id: deploymentId,
          serviceId: delivery.serviceId,
          trigger: delivery.trigger,
          commitSha: decision.commit.sha,
          commitMessage: decision.commit.message,
          commitAuthor: decision.commit.author,
          ref: decision.ref,
          deliveryId: deliveryRowId,
        },
        select: { id: true },
      }),
      db.workflowEvent.create({ data: { name: "deploy/requested", data: { deploymentId, serviceId: delivery.serviceId } }, select: { id: true } }),
    ]);
    return { httpStatus: 202, status: "queued", body: { status: "queued", deployment_id: deploymentId }, deliveryRowId };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Lost a race: another copy of this delivery, or another delivery of this commit, got there first.
    if (await originalDelivery()) return duplicate();
    const winner = decision.kind === "deploy" ? await activeDeployment(delivery.serviceId, decision.commit.sha) : null;
    if (winner) return skipped(winner.id);
    throw error;
  }

  // The first delivery that took this delivery id (the partial unique index's row).
  function originalDelivery() {
    if (!delivery.deliveryId || delivery.replayOf) return Promise.resolve(null);
    return db.webhookDelivery.findFirst({
      where: { serviceId: delivery.serviceId, provider: delivery.provider, deliveryId: delivery.deliveryId, replayOfId: null, status: { notIn: ["duplicate", "rejected"] } },
      select: { id: true },
    });
  }

  async function recordFinal(final: Final): Promise<Outcome> {
    switch (final.kind) {
      case "disabled":
        return { httpStatus: 200, status: "ignored", body: { status: "disabled" }, deliveryRowId: await insert("ignored", "The repository connection is disabled") };
      case "pong":
        return { httpStatus: 200, status: "processed", body: { status: "pong" }, deliveryRowId: await insert("processed", "Ping") };
      case "received":
        return {
          httpStatus: 200,
          status: "received",
          body: { status: "received", event: delivery.event, action: delivery.action },
          deliveryRowId: await insert("received", null),
        };
      case "ignored":
        return { httpStatus: 200, status: "ignored", body: { status: "ignored", message: final.reason }, deliveryRowId: await insert("ignored", final.reason) };
    }
  }
}

// A branch-head request (no sha) merges only with one that has not started building.
function activeDeployment(serviceId: string, sha: string | null) {
  return db.deployment.findFirst({
    where: { serviceId, commitSha: sha, status: { in: sha ? [...ACTIVE] : ["queued"] } },
    orderBy: { createdAt: "desc" },
    select: { id: true },
  });
}

export interface RejectedDelivery {
  provider: string;
  deliveryId: string | null;
  serviceId: string | null;
  connectionId: string | null;
  event: string | null;
  signatureValid: boolean;
  reason: string;
  headers: Record<string, string>;
  startedAt: number;
}

// The audit row of a delivery that was refused: never its payload, which nothing vouches for.
export async function recordRejectedDelivery(delivery: RejectedDelivery): Promise<string> {
  const { startedAt, ...data } = delivery;
  const row = await db.webhookDelivery.create({
    data: { ...data, status: "rejected", answeredInMs: Math.round(performance.now() - startedAt) },
    select: { id: true },
  });
  return row.id;
}
