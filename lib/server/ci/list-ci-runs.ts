// The CI runs a user may see (those of their services' connections; an admin's choice of everyone's),
// newest first.
import { listedServices, visibleServices, type Actor } from "@/lib/server/auth/access";
import { db } from "@/lib/server/db";
import type { ListCiRunsQuery } from "@/lib/shared/validations/ci";
import { serializeCiRun } from "./serialize";

export async function listCiRuns(actor: Actor, query: ListCiRunsQuery) {
  const services = query.service_id ? { ...visibleServices(actor), id: query.service_id } : listedServices(actor, query.scope);
  const runs = await db.ciRun.findMany({
    where: {
      connection: { service: services },
      ...(query.repository ? { repository: { equals: query.repository, mode: "insensitive" as const } } : {}),
      ...(query.branch ? { branch: query.branch } : {}),
      ...(query.status ? { status: query.status } : {}),
    },
    orderBy: [{ startedAt: { sort: "desc", nulls: "last" } }, { createdAt: "desc" }],
    take: query.limit,
  });
  return { runs: runs.map(serializeCiRun) };
}
