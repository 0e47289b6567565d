// The docker target: one container per deployment on the engine, started beside the running one, health-checked
// while it keeps running, and the old one drained and removed once traffic has moved.
import { NonRetriableError } from "inngest";
import { proxySettings } from "@/lib/server/caddy/config";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { logLines } from "@/lib/server/deployments/deployment-log";
import { updateDeployment, type LoadedDeployment } from "@/lib/server/deployments/load-deployment";
import { containerLimits } from "@/lib/server/runtime/container-limits";
import { containerLogTail, containerState, findContainers, LABELS, removeContainer, removeDeploymentContainers, startContainer } from "@/lib/server/runtime/containers";
import { engineAddress, reachableEngine } from "@/lib/server/runtime/docker";
import { removeSwarmService } from "@/lib/server/runtime/swarm";
import { openEnvVars } from "@/lib/server/services/service-secrets";
import { ACTIVE_STATUSES } from "@/lib/shared/deployments/statuses";
import { probeHealth, withinHealthDeadline } from "./health-probe";
import type { DeployTarget, Placement } from "./target";

const KEEP = new Set<string>([...ACTIVE_STATUSES, "live"]);

function containerOf(placement: Placement) {
  if (placement.kind !== "docker") throw new Error(`A ${placement.kind} placement is not a container`);
  return placement;
}

export const dockerTarget: DeployTarget = {
  async start(deployment: LoadedDeployment, imageTag: string) {
    const docker = await reachableEngine();
    // A retried step (or a restarted process) may have left this deployment's container behind.
    await removeDeploymentContainers(docker, deployment.id);
    const { service } = deployment;
    const container = await startContainer(docker, {
      name: `berth-${service.slug}-${deployment.id.slice(-10)}`,
      image: imageTag,
      containerPort: service.containerPort,
      env: openEnvVars(service.envVarsEncrypted, service.id),
      limits: containerLimits(service),
      serviceId: service.id,
      deploymentId: deployment.id,
      // Behind Caddy on the engine's own host, on loopback only; otherwise where Berth (or people) can reach it.
      bindHost: proxySettings() && engineAddress().startsWith("127.") ? "127.0.0.1" : "0.0.0.0",
    });
    await updateDeployment(deployment, { containerId: container.id });
    await logLines(deployment.id, "deploy", [`Started container ${container.id.slice(0, 12)} (port ${service.containerPort} published on ${container.hostPort})`]);
    return { kind: "docker", containerId: container.id, hostPort: container.hostPort };
  },

  // The new container must keep running and answer its health path with a 2xx.
  async checkHealth(deployment, placement) {
    const container = containerOf(placement);
    const { service } = deployment;
    const docker = await reachableEngine();
    const url = `http://${engineAddress()}:${container.hostPort}${service.healthCheckPath}`;
    await withinHealthDeadline(deployment, async () => {
      const state = await containerState(docker, container.containerId, service.containerPort);
      if (!state || !state.running || state.restarting || state.restartCount > 0) {
        const output = await containerLogTail(docker, container.containerId, 20);
        await logLines(deployment.id, "health", output.map((line) => `container: ${line}`), "stderr");
        throw new NonRetriableError(
          state ? `The container stopped during its health check (exit code ${state.exitCode})` : "The container disappeared during its health check",
        );
      }
      return probeHealth(url);
    });
  },

  async upstreams(_deployment, placement) {
    return [{ host: engineAddress(), port: containerOf(placement).hostPort }];
  },

  async rollBack(deployment, previous) {
    const docker = await reachableEngine();
    await removeDeploymentContainers(docker, deployment.id);
    if (!previous?.containerId) return {};
    const state = await containerState(docker, previous.containerId, deployment.service.containerPort);
    if (!state?.running || !state.hostPort) throw new Error(`The previous version's container (${previous.containerId.slice(0, 12)}) is not running`);
    return { upstreams: [{ host: engineAddress(), port: state.hostPort }] };
  },

  // SIGTERM, then BERTH_DRAIN_SECONDS for requests in flight, for the containers whose deployments are over
  // (superseded, failed, cancelled or gone). A container of a deployment still under way is left alone: a
  // newer deployment may have started since this one went live. Works from ids alone: if the service was
  // deleted meanwhile, all its containers go.
  async retire(serviceId, deploymentId) {
    const docker = await reachableEngine();
    const containers = await findContainers(docker, { [LABELS.service]: serviceId });
    const owners = await db.deployment.findMany({
      where: { id: { in: containers.map((container) => container.Labels[LABELS.deployment] ?? "") } },
      select: { id: true, status: true },
    });
    const status = new Map(owners.map((owner) => [owner.id, owner.status]));
    const retired = containers.filter((container) => !KEEP.has(status.get(container.Labels[LABELS.deployment] ?? "") ?? "gone"));
    for (const container of retired) await removeContainer(docker, container.Id, env().BERTH_DRAIN_SECONDS);
    // The Swarm service of a service moved back from the swarm target.
    if (status.get(deploymentId) === "live" && (await removeSwarmService(docker, serviceId))) {
      await logLines(deploymentId, "deploy", ["Removed the Swarm service this service ran as before"]);
    }
    if (retired.length > 0 && status.has(deploymentId)) {
      await logLines(deploymentId, "deploy", retired.map((container) => `Stopped previous container ${container.Id.slice(0, 12)}`));
    }
    return { stopped: retired.length };
  },

  async remove(serviceId) {
    const docker = await reachableEngine();
    const found = await findContainers(docker, { [LABELS.service]: serviceId });
    for (const container of found) await removeContainer(docker, container.Id);
    return { removed: found.length };
  },
};
