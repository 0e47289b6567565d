import { ApiError } from "@/lib/api/errors";
import { db } from "@/lib/db";

// Another user's connection answers exactly like a missing one.
export async function getConnectionOrThrow(ownerId: string, id: string) {
  const connection = await db.repositoryConnection.findFirst({
    where: { id, service: { ownerId } },
    include: { service: { select: { id: true, branch: true, ownerId: true } } },
    omit: { webhookSecretEncrypted: false },
  });
  if (!connection) throw new ApiError({ code: "not_found", message: `Connection ${id} not found` });
  return connection;
}
