// Runner workflow step 1: a job takes a slot in its pool when the pool has one free and no pending job of
// the pool comes before it (higher priority, then earlier). Otherwise it waits and asks again.
import { db } from "@/lib/server/db";
import { busyRunners } from "./pool-load";

export type Claim = { outcome: "claimed" } | { outcome: "wait"; reason: string } | { outcome: "ended"; reason: string };

export async function claimRunner(jobRowId: string): Promise<Claim> {
  return db.$transaction(async (tx) => {
    const job = await tx.runnerJob.findUnique({ where: { id: jobRowId }, include: { pool: true } });
    if (!job) return { outcome: "ended", reason: "The job's repository was disconnected" };
    if (job.status !== "pending") return { outcome: "ended", reason: job.reason ?? `The job is ${job.status}` };
    const pool = job.pool;
    if (!pool) {
      await tx.runnerJob.update({ where: { id: job.id }, data: { status: "failed", reason: "Its runner pool was deleted" } });
      return { outcome: "ended", reason: "Its runner pool was deleted" };
    }
    // One claim at a time per pool: two jobs must not both see the last free slot.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`runner-pool:${pool.id}`}, 0))`;
    const busy = await busyRunners(tx, pool);
    if (busy >= pool.maxRunners) return { outcome: "wait", reason: `${busy} of ${pool.maxRunners} runners busy` };
    const first = await tx.runnerJob.findFirst({
      where: { poolId: pool.id, status: "pending" },
      orderBy: [{ priority: "desc" }, { queuedAt: "asc" }, { id: "asc" }],
      select: { id: true },
    });
    if (first?.id !== job.id) return { outcome: "wait", reason: "A job with a higher priority, or queued earlier, goes first" };
    await tx.runnerJob.update({ where: { id: job.id }, data: { status: "starting", claimedAt: job.claimedAt ?? new Date() } });
    await busyRunners(tx, pool);
    return { outcome: "claimed" };
  });
}

// The pause before the next look: 2 s, 3 s, … up to 5 s.
export function capacityDelay(attempt: number): string {
  return `${Math.min(5, attempt + 1)}s`;
}
