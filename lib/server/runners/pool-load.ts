// How many of a pool's runners are starting or running: its capacity check, and berth_runner_pool_busy.
import type { Prisma } from "@/lib/generated/prisma/client";
import { metrics } from "@/lib/server/metrics";

export async function busyRunners(tx: Prisma.TransactionClient, pool: { id: string; name: string }): Promise<number> {
  const busy = await tx.runnerJob.count({ where: { poolId: pool.id, status: { in: ["starting", "running"] } } });
  metrics.runnerPoolBusy.set({ pool: pool.name }, busy);
  return busy;
}
