// Incidents as people read and close them: open ones first, each with its latest failing run.
import { ApiError } from "@/lib/server/api-error";
import { listedConnections, visibleConnections, type Actor } from "@/lib/server/auth/access";
import { db } from "@/lib/server/db";
import { publishLive } from "@/lib/server/live/live-events";
import type { ListIncidentsQuery } from "@/lib/shared/validations/ci";
import { serializeIncident } from "./serialize";

export async function listIncidents(actor: Actor, query: ListIncidentsQuery) {
  const incidents = await db.incident.findMany({
    where: {
      connection: listedConnections(actor, query.scope),
      ...(query.repository ? { repository: { equals: query.repository, mode: "insensitive" as const } } : {}),
      ...(query.state ? { state: query.state } : {}),
    },
    include: { lastRun: true },
    // "open" sorts before "resolved": the enum's order.
    orderBy: [{ state: "asc" }, { openedAt: "desc" }],
    take: query.limit,
  });
  return { incidents: incidents.map(serializeIncident) };
}

async function findIncident(actor: Actor, id: string) {
  const incident = await db.incident.findFirst({
    where: { id, connection: visibleConnections(actor) },
    include: { lastRun: true, connection: { select: { ownerId: true } } },
  });
  if (!incident) throw new ApiError({ code: "not_found", message: `Incident ${id} not found` });
  return incident;
}

export async function getIncident(actor: Actor, id: string) {
  return serializeIncident(await findIncident(actor, id));
}

// Closed by hand (the workflow was removed, or the branch abandoned); a later failure opens a new one.
export async function resolveIncident(actor: Actor, id: string) {
  const incident = await findIncident(actor, id);
  if (incident.state === "resolved") throw new ApiError({ code: "conflict", message: `Incident ${id} is already resolved` });
  const resolved = await db.incident.update({
    where: { id },
    data: { state: "resolved", resolvedAt: new Date(), resolvedByUserId: actor.id },
    include: { lastRun: true },
  });
  await publishLive({ type: "ci", userId: incident.connection.ownerId });
  return serializeIncident(resolved);
}
