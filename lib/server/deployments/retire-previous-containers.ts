// Once traffic has moved: the service's deploy target stops what deployments that are over left running
// (for a container, after SIGTERM and BERTH_DRAIN_SECONDS for requests in flight).
import { db } from "@/lib/server/db";
import { deployTarget } from "@/lib/server/deployments/targets";

// Works from ids alone: if the service was deleted meanwhile, the docker target removes all its containers.
export async function retirePreviousContainers(serviceId: string, id: string) {
  const service = await db.service.findUnique({ where: { id: serviceId }, select: { target: true } });
  return deployTarget(service?.target ?? "docker").retire(serviceId, id);
}
