// Workflow step 4: start the new container beside the running one.
import { notify } from "@/lib/server/notifications/notify";
import { removeDeploymentContainers, startContainer } from "@/lib/server/runtime/containers";
import { containerLimits } from "@/lib/server/runtime/container-limits";
import { engineAddress, reachableEngine } from "@/lib/server/runtime/docker";
import { proxySettings } from "@/lib/server/caddy/config";
import { openEnvVars } from "@/lib/server/services/service-secrets";
import { logLines } from "./deployment-log";
import { deploymentLabel, loadDeployment, updateDeployment } from "./load-deployment";
import { cancelAsSuperseded, findNewerDeployment } from "./supersede";

export async function startDeploymentContainer(id: string, imageTag: string) {
  const deployment = await loadDeployment(id);
  const newer = await findNewerDeployment(deployment);
  if (newer) return cancelAsSuperseded(deployment, newer);

  const docker = await reachableEngine();
  // A retried step (or a restarted process) may have left this deployment's container behind.
  await removeDeploymentContainers(docker, id);

  await updateDeployment(deployment, { status: "deploying" }, "deploying");
  await notify({ type: "deployment_started", serviceId: deployment.serviceId, deploymentId: id, severity: "info", message: `Deploying ${deploymentLabel(deployment)}` });
  const { service } = deployment;
  await logLines(id, "deploy", [`Starting ${imageTag}`]);
  const container = await startContainer(docker, {
    name: `berth-${service.slug}-${id.slice(-10)}`,
    image: imageTag,
    containerPort: service.containerPort,
    env: openEnvVars(service.envVarsEncrypted, service.id),
    limits: containerLimits(service),
    serviceId: service.id,
    deploymentId: id,
    // Behind Caddy on the engine's own host, on loopback only; otherwise where Berth (or people) can reach it.
    bindHost: proxySettings() && engineAddress().startsWith("127.") ? "127.0.0.1" : "0.0.0.0",
  });
  await updateDeployment(deployment, { containerId: container.id });
  await logLines(id, "deploy", [`Started container ${container.id.slice(0, 12)} (port ${service.containerPort} published on ${container.hostPort})`]);
  return { outcome: "started" as const, containerId: container.id, hostPort: container.hostPort };
}
