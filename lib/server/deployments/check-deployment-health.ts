// Workflow step 5: the new version must be healthy on its target (running, and answering its health path
// with a 2xx where Berth can reach it) before it gets any traffic.
import { deployTarget, type Placement } from "@/lib/server/deployments/targets";
import { loadDeployment } from "./load-deployment";

export async function checkDeploymentHealth(id: string, placement: Placement) {
  const deployment = await loadDeployment(id);
  await deployTarget(deployment.service.target).checkHealth(deployment, placement);
  return { healthy: true as const };
}
