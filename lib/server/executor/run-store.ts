// The embedded executor's persistent state: runs, memoized steps and pending jobs, in PostgreSQL so a run
// survives the process that started it.
import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/server/database/client";
import { Prisma } from "@/lib/generated/prisma/client";
import type { SerializedError, WorkflowEventPayload } from "./protocol";

export type Tx = Prisma.TransactionClient;

// Everything stored here came from JSON (an event, the SDK's answer) and goes back out as JSON.
const json = (value: unknown) => value as Prisma.InputJsonValue;

export type ClaimedJob = {
  id: bigint;
  runId: string;
  kind: "call" | "wake";
  stepId: string;
  attempt: number;
  functionId: string;
  concurrencyKey: string | null;
};

// One claimer at a time across processes, so concurrency limits are counted before anyone else claims.
const CLAIM_LOCK = 0x62657274;
// Due jobs looked at per claim: enough that runs held back by a busy concurrency key do not hide others.
const CANDIDATES = 200;

// Outbox rows not yet consumed, oldest first, taken once even with several executors.
export async function claimEvents(tx: Tx, limit: number): Promise<WorkflowEventPayload[]> {
  const rows = await tx.$queryRaw<{ id: string; name: string; data: Record<string, unknown>; createdAt: Date }[]>`
    UPDATE "WorkflowEvent" SET "dispatchedAt" = now()
    WHERE id IN (SELECT id FROM "WorkflowEvent" WHERE "dispatchedAt" IS NULL ORDER BY "createdAt", id LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    RETURNING id, name, data, "createdAt"`;
  return rows
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id))
    .map((row) => ({ id: row.id, name: row.name, data: row.data, ts: row.createdAt.getTime(), user: {} }));
}

export type NewRun = { functionId: string; event: WorkflowEventPayload; maxAttempts: number; concurrencyKey: string | null };

// The runs a batch of events starts, each with its first job, in two statements whatever their number (a burst of
// deliveries arrives as hundreds of events). Raw: Prisma's query builder compiles every row of a createMany, which
// cost ~1 ms per run here.
export async function createRuns(tx: Tx, runs: NewRun[]): Promise<string[]> {
  if (runs.length === 0) return [];
  const ids = runs.map(() => randomUUID());
  await tx.$executeRaw`
    INSERT INTO "WorkflowRun" (id, "functionId", event, "maxAttempts", "concurrencyKey")
    SELECT * FROM unnest(${ids}::text[], ${runs.map((run) => run.functionId)}::text[], ${runs.map((run) => JSON.stringify(run.event))}::jsonb[],
                         ${runs.map((run) => run.maxAttempts)}::int4[], ${runs.map((run) => run.concurrencyKey)}::text[])`;
  await tx.$executeRaw`INSERT INTO "WorkflowJob" ("runId") SELECT unnest(${ids}::text[])`;
  return ids;
}

export async function claimJobs(
  db: Db,
  options: { limit: number; owner: string; leaseMs: number; concurrencyLimit: (functionId: string) => number | undefined },
): Promise<ClaimedJob[]> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CLAIM_LOCK})`;
    const candidates = await tx.$queryRaw<ClaimedJob[]>`
      SELECT j.id, j."runId", j.kind, j."stepId", j.attempt, r."functionId", r."concurrencyKey"
      FROM "WorkflowJob" j JOIN "WorkflowRun" r ON r.id = j."runId"
      WHERE r.status = 'running' AND j."runAt" <= now() AND (j."lockedUntil" IS NULL OR j."lockedUntil" < now())
      ORDER BY j."runAt", j.id LIMIT ${CANDIDATES}`;
    if (candidates.length === 0) return [];
    const busy = await tx.$queryRaw<{ functionId: string; concurrencyKey: string | null; calls: number }[]>`
      SELECT r."functionId", r."concurrencyKey", count(*)::int AS calls
      FROM "WorkflowJob" j JOIN "WorkflowRun" r ON r.id = j."runId"
      WHERE j.kind = 'call' AND j."lockedUntil" >= now() AND r.status = 'running'
      GROUP BY 1, 2`;
    const inFlight = new Map(busy.map((row) => [`${row.functionId}\u0000${row.concurrencyKey}`, row.calls]));
    const chosen: ClaimedJob[] = [];
    for (const job of candidates) {
      if (chosen.length === options.limit) break;
      const slot = `${job.functionId}\u0000${job.concurrencyKey}`;
      const limit = job.kind === "call" ? options.concurrencyLimit(job.functionId) : undefined;
      if (limit !== undefined && (inFlight.get(slot) ?? 0) >= limit) continue;
      inFlight.set(slot, (inFlight.get(slot) ?? 0) + 1);
      chosen.push(job);
    }
    const until = new Date(Date.now() + options.leaseMs);
    await tx.workflowJob.updateMany({ where: { id: { in: chosen.map((job) => job.id) } }, data: { lockedUntil: until, lockedBy: options.owner } });
    return chosen;
  });
}

export async function renewLease(db: Db, jobId: bigint, owner: string, leaseMs: number) {
  await db.workflowJob.updateMany({ where: { id: jobId, lockedBy: owner }, data: { lockedUntil: new Date(Date.now() + leaseMs) } });
}

// The run's state as the SDK wants it with each call, or null when the run is no longer running.
export async function loadRunState(db: Db, runId: string) {
  const run = await db.workflowRun.findUnique({ where: { id: runId }, include: { steps: { orderBy: { seq: "asc" } } } });
  if (!run || run.status !== "running") return null;
  return {
    run,
    steps: Object.fromEntries(run.steps.map((step) => [step.hash, step.result])),
    stack: run.steps.map((step) => step.hash),
  };
}

// Locks the run for one state change; null (and the job dropped) when it ended meanwhile.
export async function lockRunningRun(tx: Tx, runId: string, jobId: bigint) {
  const [run] = await tx.$queryRaw<{ id: string; functionId: string; maxAttempts: number; event: WorkflowEventPayload; status: string }[]>`
    SELECT id, "functionId", "maxAttempts", event, status::text FROM "WorkflowRun" WHERE id = ${runId} FOR UPDATE`;
  if (!run || run.status !== "running") {
    await tx.workflowJob.deleteMany({ where: { id: jobId } });
    return null;
  }
  return run;
}

export async function memoize(tx: Tx, runId: string, hash: string, result: { data: unknown } | { error: SerializedError }) {
  await tx.$executeRaw`
    INSERT INTO "WorkflowStep" ("runId", hash, result) VALUES (${runId}, ${hash}, ${JSON.stringify(result)}::jsonb)
    ON CONFLICT ("runId", hash) DO NOTHING`;
}

// A job is done: when it was the last one pending, the SDK is asked what comes next.
export async function finishJob(tx: Tx, runId: string, jobId: bigint) {
  await tx.workflowJob.deleteMany({ where: { id: jobId } });
  const pending = await tx.workflowJob.count({ where: { runId } });
  if (pending === 0) {
    await tx.workflowRun.update({ where: { id: runId }, data: { disableImmediate: false, jobs: { create: {} } } });
  }
}

export async function rescheduleJob(tx: Tx, jobId: bigint, attempt: number, delayMs: number) {
  await tx.workflowJob.update({
    where: { id: jobId },
    data: { attempt, runAt: new Date(Date.now() + delayMs), lockedUntil: null, lockedBy: null },
  });
}

export async function endRun(
  tx: Tx,
  runId: string,
  outcome: { status: "completed"; output: unknown } | { status: "failed" | "cancelled"; error: SerializedError },
) {
  await tx.workflowJob.deleteMany({ where: { runId } });
  await tx.workflowRun.update({
    where: { id: runId },
    data: {
      status: outcome.status,
      endedAt: new Date(),
      ...(outcome.status === "completed" ? { output: outcome.output == null ? Prisma.JsonNull : json(outcome.output) } : { error: json(outcome.error) }),
    },
  });
}

export async function sendEvent(tx: Tx, name: string, data: Record<string, unknown>) {
  await tx.workflowEvent.create({ data: { id: randomUUID(), name, data: json(data) } });
}
