// The CI runs a user may see (those of their connections; an admin's choice of everyone's), newest first.
// Asking for one service's or one connection's runs reaches any the actor may see.
import { listedConnections, visibleConnections, type Actor } from "@/lib/server/auth/access";
import { db } from "@/lib/server/db";
import type { ListCiRunsQuery } from "@/lib/shared/validations/ci";
import { serializeCiRun } from "./serialize";

export async function listCiRuns(actor: Actor, query: ListCiRunsQuery) {
  const one = query.service_id || query.connection_id;
  const connections = one
    ? { ...visibleConnections(actor), ...(query.service_id ? { serviceId: query.service_id } : {}), ...(query.connection_id ? { id: query.connection_id } : {}) }
    : listedConnections(actor, query.scope);
  const runs = await db.ciRun.findMany({
    where: {
      connection: connections,
      ...(query.repository ? { repository: { equals: query.repository, mode: "insensitive" as const } } : {}),
      ...(query.branch ? { branch: query.branch } : {}),
      ...(query.status ? { status: query.status } : {}),
    },
    orderBy: [{ startedAt: { sort: "desc", nulls: "last" } }, { createdAt: "desc" }],
    take: query.limit,
  });
  return { runs: runs.map(serializeCiRun) };
}
