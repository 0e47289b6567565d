// The end of a runner: its container removed (the job finished, or the runner never took it), the job's
// outcome counted.
import { db } from "@/lib/server/db";
import { publishLive } from "@/lib/server/live/live-events";
import { metrics } from "@/lib/server/metrics";
import { reachableEngine } from "@/lib/server/runtime/docker";
import { removeRunnerContainer } from "@/lib/server/runtime/runners";
import { busyRunners } from "./pool-load";
import { actionsFor, endRunnerJob, loadRunnerJob } from "./start-runner";

// By the runner's name, which is its container's: what GitHub says ran a job is what gets removed.
async function removeRunnerOf(job: { runnerName: string | null }): Promise<boolean> {
  return job.runnerName ? removeRunnerContainer(await reachableEngine(), job.runnerName) : false;
}

// runner/job-finished: GitHub said the job completed.
export async function finishRunnerJob(jobRowId: string) {
  const job = await loadRunnerJob(jobRowId);
  if (!job) return { removed: false };
  const removed = await removeRunnerOf(job);
  const conclusion = job.conclusion ?? "unknown";
  metrics.runnerJobsCompleted.inc({ repository: job.repository, conclusion });
  const since = job.busyAt ?? job.startedAt;
  if (since && job.completedAt) metrics.runnerJobDuration.observe((job.completedAt.getTime() - since.getTime()) / 1000);
  if (job.pool) await db.$transaction((tx) => busyRunners(tx, job.pool!));
  await publishLive({ type: "ci", userId: job.connection.ownerId });
  return { removed };
}

// How many runners in turn a job gets when each fails to take it (a runner that crashes while booting, a
// registration GitHub lost) before the job is marked failed.
export const RUNNERS_PER_JOB = 3;

export type Sweep = { outcome: "not_yet"; seconds: number } | { outcome: "retry"; reason: string } | { outcome: string; reason?: string };

// Runner workflow step 3, after the pool's idle TTL: a runner that has not taken its job is removed, and so
// is one whose job GitHub no longer has queued (another runner took it, or it was cancelled). A job still
// queued goes back to pending for another runner (`round` counts the runners it had), up to RUNNERS_PER_JOB.
export async function sweepIdleRunner(jobRowId: string, round = 1): Promise<Sweep> {
  const job = await loadRunnerJob(jobRowId);
  if (!job || job.status !== "starting") return { outcome: job?.status ?? "gone" };
  // The job may hold another runner than the one it started (see handOver): that one's time counts.
  const ttl = job.pool?.idleTtlSeconds ?? 0;
  const left = job.startedAt ? Math.ceil((job.startedAt.getTime() + ttl * 1000 - Date.now()) / 1000) : 0;
  if (left > 0) return { outcome: "not_yet", seconds: left };
  const state = await (await actionsFor(job)).jobState(job.repository, job.jobId);
  await removeRunnerOf(job);
  if (state?.status !== "queued") {
    const reason = `The job is ${state ? state.status : "gone"} at GitHub; its idle runner was removed`;
    await endRunnerJob(job.id, "cancelled", reason);
    return { outcome: "swept", reason };
  }
  if (round >= RUNNERS_PER_JOB) {
    const reason = `${RUNNERS_PER_JOB} runners in turn did not take the job within ${ttl} s each; the last was removed`;
    await endRunnerJob(job.id, "failed", reason);
    return { outcome: "swept", reason };
  }
  const reason = `Runner ${round} of ${RUNNERS_PER_JOB} did not take the job within ${ttl} s and was removed; waiting for another`;
  await db.runnerJob.updateMany({ where: { id: job.id, status: "starting" }, data: { status: "pending", runnerName: null, containerId: null, startedAt: null, reason } });
  if (job.pool) await db.$transaction((tx) => busyRunners(tx, job.pool!));
  await publishLive({ type: "ci", userId: job.connection.ownerId });
  return { outcome: "retry", reason };
}
