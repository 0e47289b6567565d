// Runner pools: an admin's settings (which labels, image, how many at once, for which repositories).
import type { RunnerPool } from "@/lib/generated/prisma/client";
import { ApiError } from "@/lib/server/api-error";
import { assertAdmin, type Actor } from "@/lib/server/auth/access";
import { db } from "@/lib/server/db";
import type { RunnerPoolInput, RunnerPoolPatch } from "@/lib/shared/validations/runners";
import { DEFAULT_PRIORITY_RULES } from "./match-pool";

export function serializePool(pool: RunnerPool) {
  return {
    id: pool.id,
    name: pool.name,
    labels: pool.labels,
    image: pool.image,
    max_runners: pool.maxRunners,
    idle_ttl_s: pool.idleTtlSeconds,
    memory_limit_mb: pool.memoryMb,
    cpu_limit: pool.cpus,
    repositories: pool.repositories,
    priority_rules: pool.priorityRules,
    default_priority_rules: DEFAULT_PRIORITY_RULES,
    org_wide: pool.orgWide,
    created_at: pool.createdAt.toISOString(),
  };
}

export type RunnerPoolResponse = ReturnType<typeof serializePool>;

function columns(input: RunnerPoolPatch) {
  return {
    name: input.name,
    labels: input.labels,
    image: input.image,
    maxRunners: input.max_runners,
    idleTtlSeconds: input.idle_ttl_s,
    memoryMb: input.memory_limit_mb,
    cpus: input.cpu_limit,
    repositories: input.repositories,
    priorityRules: input.priority_rules,
    orgWide: input.org_wide,
  };
}

async function poolOrThrow(id: string) {
  const pool = await db.runnerPool.findUnique({ where: { id } });
  if (!pool) throw new ApiError({ code: "not_found", message: `Runner pool ${id} not found` });
  return pool;
}

async function nameFree(name: string | undefined, except?: string) {
  if (!name) return;
  const taken = await db.runnerPool.findFirst({ where: { name, ...(except ? { id: { not: except } } : {}) }, select: { id: true } });
  if (taken) throw new ApiError({ code: "conflict", message: `A runner pool named '${name}' exists already` });
}

export async function listPools(actor: Actor) {
  assertAdmin(actor);
  return { pools: (await db.runnerPool.findMany({ orderBy: { name: "asc" } })).map(serializePool) };
}

export async function createPool(actor: Actor, input: RunnerPoolInput) {
  assertAdmin(actor);
  await nameFree(input.name);
  return serializePool(await db.runnerPool.create({ data: { ...columns(input), name: input.name } }));
}

export async function updatePool(actor: Actor, id: string, patch: RunnerPoolPatch) {
  assertAdmin(actor);
  await poolOrThrow(id);
  await nameFree(patch.name, id);
  return serializePool(await db.runnerPool.update({ where: { id }, data: columns(patch) }));
}

// Jobs waiting for it get no runner from it (they fail with the reason); running runners finish their job.
export async function deletePool(actor: Actor, id: string) {
  assertAdmin(actor);
  await poolOrThrow(id);
  await db.runnerPool.delete({ where: { id } });
}

export async function poolStatus(actor: Actor, id: string) {
  assertAdmin(actor);
  const pool = await poolOrThrow(id);
  const since = new Date(Date.now() - 60 * 60_000);
  const [counts, startedLastHour] = await Promise.all([
    db.runnerJob.groupBy({ by: ["status"], where: { poolId: id, status: { in: ["pending", "starting", "running"] } }, _count: true }),
    db.runnerJob.count({ where: { poolId: id, startedAt: { gte: since } } }),
  ]);
  const count = (status: string) => counts.find((entry) => entry.status === status)?._count ?? 0;
  return {
    pool: serializePool(pool),
    busy: count("running"),
    // Started and not yet running their job.
    idle: count("starting"),
    queued: count("pending"),
    started_per_minute: Math.round((startedLastHour / 60) * 100) / 100,
  };
}
