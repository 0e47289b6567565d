import { ApiError } from "@/lib/api/errors";
import { db } from "@/lib/db";

// Another user's deployment answers exactly like a missing one.
export async function getDeploymentOrThrow(ownerId: string, id: string) {
  const deployment = await db.deployment.findFirst({ where: { id, service: { ownerId } } });
  if (!deployment) throw new ApiError({ code: "not_found", message: `Deployment ${id} not found` });
  return deployment;
}
