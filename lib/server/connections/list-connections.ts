// The connections a user may see, newest first: all of them, or only those that watch CI without a service.
import { listedConnections, type Actor } from "@/lib/server/auth/access";
import { db } from "@/lib/server/db";
import type { ListConnectionsQuery } from "@/lib/shared/validations/connection";
import { serializeConnection } from "./serialize-connection";

export async function listConnections(actor: Actor, query: ListConnectionsQuery) {
  const connections = await db.repositoryConnection.findMany({
    // A disconnected CI-only connection (its secret gone) keeps its runs and incidents but is no longer listed.
    where: { ...listedConnections(actor, query.scope), ...(query.kind === "ci_only" ? { serviceId: null, webhookSecretEncrypted: { not: null } } : {}) },
    include: { service: { select: { branch: true } } },
    orderBy: { createdAt: "desc" },
    take: query.limit,
  });
  return { connections: connections.map(({ service, ...connection }) => serializeConnection(connection, service?.branch ?? null)) };
}
