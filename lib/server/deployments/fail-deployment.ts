// The workflow gave up (retries exhausted, or an error no step handled): the deployment must not stay
// "building" or "deploying", and its container, if any, must not linger.
import { db } from "@/lib/server/db";
import { notify } from "@/lib/server/notifications/notify";
import { logLines } from "./deployment-log";
import { removeDeploymentContainers } from "@/lib/server/runtime/containers";
import { reachableEngine } from "@/lib/server/runtime/docker";
import { deploymentLabel, loadDeployment, updateDeployment } from "./load-deployment";
import { isActive } from "@/lib/shared/deployments/statuses";
import { recordOutcome } from "./record-outcome";

export async function failDeployment(id: string, reason: string) {
  const deployment = await db.deployment.findUnique({ where: { id }, select: { status: true } });
  if (!deployment || !isActive(deployment.status)) return { changed: false };
  const loaded = await loadDeployment(id);
  try {
    const docker = await reachableEngine();
    await removeDeploymentContainers(docker, id);
  } catch {
    // An unreachable engine runs no container of ours to clean up.
  }
  await logLines(id, loaded.status === "deploying" ? "deploy" : "build", [`Failed: ${reason}`], "stderr");
  await updateDeployment(loaded, { status: "failed", error: reason, finishedAt: new Date() });
  recordOutcome(loaded, "failed");
  await notify({
    type: loaded.status === "deploying" ? "deployment_failed" : "build_failed",
    serviceId: loaded.serviceId,
    deploymentId: id,
    severity: "error",
    message: `${deploymentLabel(loaded)} failed: ${reason}. The running version is untouched.`,
  });
  return { changed: true };
}
