// A workflow_job delivery for a job that asks for self-hosted, applied to its RunnerJob row. `queued` picks a
// pool (or records why none fits) and enqueues runner/job-queued in the same transaction; `in_progress`
// marks the runner busy; `completed` ends the job and, when one of Berth's runners has it, enqueues
// runner/job-finished. Reports arriving out of order never move a job backwards or start a runner for a
// job already taken.
import type { Prisma, RunnerJobStatus } from "@/lib/generated/prisma/client";
import { db } from "@/lib/server/db";
import { publishLive } from "@/lib/server/live/live-events";
import { metrics } from "@/lib/server/metrics";
import { enqueue } from "@/lib/server/outbox/enqueue";
import { priorityRuleSchema } from "@/lib/shared/validations/runners";
import { DEFAULT_PRIORITY_RULES, jobPriority, matchPool } from "./match-pool";
import type { RunnerJobReport } from "./report";

const OPEN: RunnerJobStatus[] = ["pending", "starting", "running"];

export async function trackRunnerJob(connectionId: string, repository: string, report: RunnerJobReport): Promise<{ summary: string }> {
  const { summary, queued, ownerId } = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`runner-job:${connectionId}:${report.jobId}`}, 0))`;
    const owner = await tx.repositoryConnection.findUniqueOrThrow({ where: { id: connectionId }, select: { ownerId: true } });
    const found = await tx.runnerJob.findUnique({ where: { connectionId_jobId: { connectionId, jobId: report.jobId } } });
    const result = await apply(tx, connectionId, repository, report, found);
    return { ...result, ownerId: owner.ownerId };
  });
  if (queued) metrics.runnerJobsQueued.inc({ repository });
  await publishLive({ type: "ci", userId: ownerId });
  return { summary };
}

type Found = Awaited<ReturnType<typeof db.runnerJob.findUnique>>;

// GitHub gives a runner any queued job its labels fit, not the one Berth started it for. The job a runner
// took gets it (by name: the runner's container has that name); the job it was started for takes this job's
// own runner if it had one coming, or waits for a new one (a new runner/job-queued). Serialized per
// connection, so two hand-overs never read the same runner. Says what happened to that other job.
async function handOver(tx: Prisma.TransactionClient, job: NonNullable<Found>, runnerName: string | null): Promise<string | null> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`runner-handover:${job.connectionId}`}, 0))`;
  const fresh = await tx.runnerJob.findUniqueOrThrow({ where: { id: job.id } });
  const holder = runnerName ? await tx.runnerJob.findFirst({ where: { runnerName, status: "starting", id: { not: job.id } } }) : null;
  await tx.runnerJob.update({
    where: { id: job.id },
    data: { status: "running", busyAt: fresh.busyAt ?? new Date(), runnerName: runnerName ?? fresh.runnerName, ...(holder ? { startedAt: holder.startedAt, containerId: holder.containerId } : {}) },
  });
  if (!holder) return null;
  if (fresh.status === "starting" && fresh.runnerName) {
    await tx.runnerJob.update({ where: { id: holder.id }, data: { runnerName: fresh.runnerName, containerId: fresh.containerId, startedAt: fresh.startedAt } });
    return `job ${holder.jobId} takes its runner ${fresh.runnerName}`;
  }
  await tx.runnerJob.update({
    where: { id: holder.id },
    data: { status: "pending", containerId: null, runnerName: null, startedAt: null, reason: `Its runner took job ${job.jobId}; waiting for another` },
  });
  await enqueue(tx, { name: "runner/job-queued", data: { jobRowId: holder.id } });
  return `job ${holder.jobId} waits for another runner`;
}

async function apply(tx: Prisma.TransactionClient, connectionId: string, repository: string, report: RunnerJobReport, found: Found) {
  const base = { connectionId, repository, jobId: report.jobId, runId: report.runId, name: report.name, labels: report.labels, branch: report.branch };
  const what = `Runner job ${report.jobId} '${report.name}'`;
  if (report.status === "queued") {
    if (found) return { summary: `${what}: already known (${found.status})`, queued: false };
    const pools = await tx.runnerPool.findMany();
    const match = matchPool(pools, { labels: report.labels, repository });
    if (!match.pool) {
      await tx.runnerJob.create({ data: { ...base, status: "unmatched", reason: match.reason } });
      return { summary: `${what}: ${match.reason}`, queued: false };
    }
    const rules = priorityRuleSchema.array().safeParse(match.pool.priorityRules).data;
    const priority = jobPriority(rules && rules.length > 0 ? rules : DEFAULT_PRIORITY_RULES, report);
    const job = await tx.runnerJob.create({ data: { ...base, status: "pending", poolId: match.pool.id, priority } });
    await enqueue(tx, { name: "runner/job-queued", data: { jobRowId: job.id } });
    return { summary: `${what}: queued for pool '${match.pool.name}' at priority ${priority}`, queued: true };
  }
  if (report.status === "in_progress") {
    if (!found) {
      await tx.runnerJob.create({ data: { ...base, status: "running", busyAt: new Date(), runnerName: report.runnerName, reason: "Taken by a runner Berth did not start" } });
      return { summary: `${what}: running on ${report.runnerName ?? "another runner"}`, queued: false };
    }
    if (!OPEN.includes(found.status)) return { summary: `${what}: already ${found.status}`, queued: false };
    const requeued = await handOver(tx, found, report.runnerName);
    return { summary: `${what}: running on ${report.runnerName ?? found.runnerName ?? "a runner"}${requeued ? `; ${requeued}` : ""}`, queued: false };
  }
  const conclusion = report.conclusion ?? "unknown";
  if (!found) {
    await tx.runnerJob.create({ data: { ...base, status: conclusion === "cancelled" ? "cancelled" : "completed", conclusion, completedAt: new Date() } });
    return { summary: `${what}: ${conclusion}`, queued: false };
  }
  if (!OPEN.includes(found.status)) return { summary: `${what}: already ${found.status}`, queued: false };
  // A job still waiting for its turn starts no runner; one whose runner started has it removed.
  const beforeItsTurn = found.status === "pending";
  await tx.runnerJob.update({
    where: { id: found.id },
    data: {
      status: beforeItsTurn ? "cancelled" : "completed",
      conclusion,
      completedAt: new Date(),
      reason: beforeItsTurn ? `Ended (${conclusion}) before a runner was started for it` : found.reason,
    },
  });
  if (!beforeItsTurn) await enqueue(tx, { name: "runner/job-finished", data: { jobRowId: found.id } });
  return { summary: `${what}: ${conclusion}`, queued: false };
}
