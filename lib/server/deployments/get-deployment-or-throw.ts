import { ApiError } from "@/lib/server/api-error";
import { visibleServices, type Actor } from "@/lib/server/auth/access";
import { db } from "@/lib/server/db";
import { statusReportsNewestFirst } from "./serialize-deployment";

// Another user's deployment answers a member exactly like a missing one.
export async function getDeploymentOrThrow(actor: Actor, id: string) {
  const deployment = await db.deployment.findFirst({ where: { id, service: visibleServices(actor) }, include: statusReportsNewestFirst });
  if (!deployment) throw new ApiError({ code: "not_found", message: `Deployment ${id} not found` });
  return deployment;
}
