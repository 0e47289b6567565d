// Runner workflow step 2: make sure GitHub still has the job queued (nothing is spent otherwise), get a
// just-in-time runner configuration with the pool's labels, and start the runner container.
import { randomBytes } from "node:crypto";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { publishLive } from "@/lib/server/live/live-events";
import { githubActions } from "@/lib/server/providers/github-actions";
import { accessToken, hookManager } from "@/lib/server/providers/provider-client";
import { providerEndpoints } from "@/lib/server/providers/endpoints";
import { reachableEngine } from "@/lib/server/runtime/docker";
import { startRunnerContainer } from "@/lib/server/runtime/runners";
import { busyRunners } from "./pool-load";

export type StartedRunner = { outcome: "started"; runnerName: string; bootSeconds: number } | { outcome: "ended"; reason: string };

export async function loadRunnerJob(jobRowId: string) {
  return db.runnerJob.findUnique({
    where: { id: jobRowId },
    include: { pool: true, connection: { select: { userId: true, ownerId: true } } },
  });
}

export async function actionsFor(job: NonNullable<Awaited<ReturnType<typeof loadRunnerJob>>>) {
  return githubActions({ apiUrl: providerEndpoints(env()).github.api, token: await accessToken(hookManager(job.connection), "github") });
}

// Ends a job that will get no runner, and frees its slot. A job a runner has already taken (or that ended
// meanwhile) is left as it is: GitHub's deliveries tell how it ends.
export async function endRunnerJob(jobRowId: string, status: "cancelled" | "failed", reason: string): Promise<{ outcome: "ended"; reason: string }> {
  await db.runnerJob.updateMany({ where: { id: jobRowId, status: { in: ["pending", "starting"] } }, data: { status, reason, completedAt: new Date() } });
  const job = await loadRunnerJob(jobRowId);
  if (job?.pool) await db.$transaction((tx) => busyRunners(tx, job.pool!));
  if (job) await publishLive({ type: "ci", userId: job.connection.ownerId });
  return { outcome: "ended", reason };
}

export async function startRunner(jobRowId: string): Promise<StartedRunner> {
  const job = await loadRunnerJob(jobRowId);
  if (!job || job.status !== "starting") return { outcome: "ended", reason: job?.reason ?? "The job is gone" };
  if (!job.pool) return endRunnerJob(job.id, "failed", "Its runner pool was deleted");
  const pool = job.pool;
  const actions = await actionsFor(job);
  const state = await actions.jobState(job.repository, job.jobId);
  if (state?.status === "in_progress" || state?.status === "completed") {
    // Another runner took it before its delivery said so: it needs no runner of its own, and GitHub's
    // deliveries will say which runner has it and how it ends.
    await db.runnerJob.updateMany({ where: { id: job.id, status: "starting" }, data: { status: "running", busyAt: new Date() } });
    return { outcome: "ended", reason: `Already ${state.status.replace("_", " ")} at GitHub when its turn came: no runner started` };
  }
  if (state?.status !== "queued") {
    return endRunnerJob(job.id, "cancelled", `No longer queued at GitHub (${state?.status ?? "gone"}) when its turn came: no runner started`);
  }
  // Unique per start: GitHub refuses a second runner of the same name, and a job may need a second runner.
  const runnerName = `berth-${pool.name}-${job.jobId}-${randomBytes(3).toString("hex")}`.replace(/[^\w.-]/g, "-").slice(0, 64);
  const [owner = ""] = job.repository.split("/");
  const jitConfig = await actions.jitConfig(pool.orgWide ? { org: owner } : { repository: job.repository }, { name: runnerName, labels: ["self-hosted", ...pool.labels] });
  // Named before it starts: the runner may take a job, and GitHub say so, before the engine has answered.
  await db.runnerJob.update({ where: { id: job.id }, data: { runnerName, startedAt: new Date() } });
  const config = env();
  const containerId = await startRunnerContainer(await reachableEngine(), {
    name: runnerName,
    image: pool.image,
    jitConfig,
    limits: { memoryMb: pool.memoryMb ?? config.BERTH_CONTAINER_MEMORY_MB, cpus: pool.cpus, pids: config.BERTH_CONTAINER_PIDS_LIMIT },
    poolId: pool.id,
    jobRowId: job.id,
  });
  await db.runnerJob.updateMany({ where: { id: job.id, runnerName }, data: { containerId } });
  await publishLive({ type: "ci", userId: job.connection.ownerId });
  return { outcome: "started", runnerName, bootSeconds: pool.idleTtlSeconds };
}
