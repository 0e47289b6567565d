// After the drain period: stop and remove the service's containers other than the live deployment's.
import { findContainers, LABELS, removeContainer } from "@/lib/runtime/containers";
import { reachableEngine } from "@/lib/runtime/docker";
import { logLines } from "./deployment-log";
import { loadDeployment } from "./load-deployment";

export async function retirePreviousContainers(id: string) {
  const deployment = await loadDeployment(id);
  const docker = await reachableEngine();
  const previous = (await findContainers(docker, { [LABELS.service]: deployment.serviceId })).filter(
    (container) => container.Labels[LABELS.deployment] !== id,
  );
  for (const container of previous) await removeContainer(docker, container.Id);
  if (previous.length > 0) await logLines(id, "deploy", previous.map((container) => `Stopped previous container ${container.Id.slice(0, 12)}`));
  return { stopped: previous.length };
}
