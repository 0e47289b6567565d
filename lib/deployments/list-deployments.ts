import { db } from "@/lib/db";
import { getServiceOrThrow } from "@/lib/services/get-service-or-throw";
import { serializeDeployment } from "./serialize-deployment";

export async function listDeployments(ownerId: string, serviceId: string, limit: number) {
  await getServiceOrThrow(ownerId, serviceId);
  const deployments = await db.deployment.findMany({ where: { serviceId }, orderBy: { createdAt: "desc" }, take: limit });
  return { deployments: deployments.map(serializeDeployment) };
}
