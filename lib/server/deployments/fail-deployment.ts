// The workflow gave up (retries exhausted, or an error no step handled): the deployment must not stay
// "building" or "deploying", and its container, if any, must not linger.
import { db } from "@/lib/server/db";
import { removeDeploymentContainers } from "@/lib/server/runtime/containers";
import { reachableEngine } from "@/lib/server/runtime/docker";
import { isActive } from "@/lib/shared/deployments/statuses";
import { finishDeployment } from "./finish-deployment";
import { deploymentLabel, loadDeployment } from "./load-deployment";

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
  const deploying = loaded.status === "deploying";
  await finishDeployment(loaded, deploying ? "deploy_failed" : "build_failed", {
    error: reason,
    message: `${deploymentLabel(loaded)} failed: ${reason}. The running version is untouched.`,
    log: { step: deploying ? "deploy" : "build", lines: [`Failed: ${reason}`], stream: "stderr" },
  });
  return { changed: true };
}
