import { ApiError } from "@/lib/server/api-error";
import { visibleConnections, type Actor } from "@/lib/server/auth/access";
import { db } from "@/lib/server/db";

// Another user's connection answers a member exactly like a missing one.
export async function getConnectionOrThrow(actor: Actor, id: string) {
  const connection = await db.repositoryConnection.findFirst({
    where: { id, ...visibleConnections(actor) },
    include: { service: { select: { id: true, branch: true } } },
    omit: { webhookSecretEncrypted: false },
  });
  if (!connection) throw new ApiError({ code: "not_found", message: `Connection ${id} not found` });
  return connection;
}

