// Workflow step 4: start the new version beside the running one, on the service's deploy target.
import { notify } from "@/lib/server/notifications/notify";
import { deployTarget } from "@/lib/server/deployments/targets";
import { logLines } from "./deployment-log";
import { deploymentLabel, loadDeployment, updateDeployment } from "./load-deployment";
import { cancelAsSuperseded, findNewerDeployment } from "./supersede";

export async function startDeploymentContainer(id: string, imageTag: string) {
  const deployment = await loadDeployment(id);
  const newer = await findNewerDeployment(deployment);
  if (newer) return cancelAsSuperseded(deployment, newer);

  await updateDeployment(deployment, { status: "deploying" }, "deploying");
  await notify({ type: "deployment_started", serviceId: deployment.serviceId, deploymentId: id, severity: "info", message: `Deploying ${deploymentLabel(deployment)}` });
  await logLines(id, "deploy", [`Starting ${imageTag}`]);
  const placement = await deployTarget(deployment.service.target).start(deployment, imageTag);
  return { outcome: "started" as const, placement };
}
