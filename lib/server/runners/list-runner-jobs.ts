// The runner jobs a user may see: those of their connections (an admin's choice of everyone's).
import { listedConnections, type Actor } from "@/lib/server/auth/access";
import { db } from "@/lib/server/db";
import type { RunnerJob, RunnerPool } from "@/lib/generated/prisma/client";
import type { ListRunnerJobsQuery } from "@/lib/shared/validations/runners";

const STATUSES = { pending: ["pending", "starting"], running: ["running"], completed: ["completed", "cancelled", "unmatched", "failed"] } as const;

export function serializeRunnerJob(job: RunnerJob & { pool: Pick<RunnerPool, "name"> | null }) {
  return {
    id: job.id,
    repository: job.repository,
    job_id: job.jobId,
    run_id: job.runId,
    name: job.name,
    labels: job.labels,
    branch: job.branch,
    pool: job.pool?.name ?? null,
    priority: job.priority,
    status: job.status,
    reason: job.reason,
    runner_name: job.runnerName,
    conclusion: job.conclusion,
    queued_at: job.queuedAt.toISOString(),
    claimed_at: job.claimedAt?.toISOString() ?? null,
    started_at: job.startedAt?.toISOString() ?? null,
    busy_at: job.busyAt?.toISOString() ?? null,
    completed_at: job.completedAt?.toISOString() ?? null,
  };
}

export type RunnerJobResponse = ReturnType<typeof serializeRunnerJob>;

export async function listRunnerJobs(actor: Actor, query: ListRunnerJobsQuery) {
  const jobs = await db.runnerJob.findMany({
    where: { connection: listedConnections(actor, query.scope), ...(query.status ? { status: { in: [...STATUSES[query.status]] } } : {}) },
    include: { pool: { select: { name: true } } },
    orderBy: [{ queuedAt: "desc" }, { id: "desc" }],
    take: query.limit,
  });
  return { jobs: jobs.map(serializeRunnerJob) };
}
