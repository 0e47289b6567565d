// Workflow step 1: the deployment starts building, unless something newer already replaced it.
import { notify } from "@/lib/server/notifications/notify";
import { deploymentLabel, loadDeployment, updateDeployment } from "./load-deployment";
import { cancelAsSuperseded, findNewerDeployment } from "./supersede";

export async function beginDeployment(id: string) {
  const deployment = await loadDeployment(id);
  if (deployment.status !== "queued" && deployment.status !== "building") {
    return { outcome: "skipped" as const, reason: `Deployment is already ${deployment.status}` };
  }
  const newer = await findNewerDeployment(deployment);
  if (newer) return cancelAsSuperseded(deployment, newer);
  if (deployment.status === "queued") {
    await updateDeployment(deployment, { status: "building", startedAt: new Date() }, "building");
    await notify({ type: "build_started", serviceId: deployment.serviceId, deploymentId: id, severity: "info", message: `Building ${deploymentLabel(deployment)}` });
  }
  return { outcome: "proceed" as const };
}
