import type { Actor } from "@/lib/server/auth/access";
import { db } from "@/lib/server/db";
import { getServiceOrThrow } from "@/lib/server/services/get-service-or-throw";
import { serializeDeployment, statusReportsNewestFirst } from "./serialize-deployment";

export async function listDeployments(actor: Actor, serviceId: string, limit: number) {
  await getServiceOrThrow(actor, serviceId);
  const deployments = await db.deployment.findMany({ where: { serviceId }, orderBy: { sequence: "desc" }, take: limit, include: statusReportsNewestFirst });
  return { deployments: deployments.map(serializeDeployment) };
}
