// The swarm target: one Swarm service per Berth service. A deployment updates it to the new image; Swarm starts
// each new task before stopping an old one, watches it, and rolls the whole update back itself when a task
// fails. Berth follows the update: the routing table lists the running tasks that answer (old ones, and new
// ones once healthy), and the deployment is healthy when every replica runs the new version and answers.
// Berth's rollback is Swarm's own (`docker service rollback`), and the history says which of the two did it.
import { NonRetriableError } from "inngest";
import type Docker from "dockerode";
import { proxySettings } from "@/lib/server/caddy/config";
import { env } from "@/lib/server/env";
import { logLines } from "@/lib/server/deployments/deployment-log";
import type { LoadedDeployment } from "@/lib/server/deployments/load-deployment";
import type { Upstream } from "@/lib/server/routing/dns-answers";
import { sameUpstreams, serviceRoute, setServiceRoute } from "@/lib/server/routing/service-routes";
import { containerLimits } from "@/lib/server/runtime/container-limits";
import { engineAddress, reachableEngine } from "@/lib/server/runtime/docker";
import {
  deploySwarmService,
  MONITOR_SECONDS,
  PROBE_RETRY_SECONDS,
  findSwarmService,
  removeSwarmService,
  rollBackSwarmService,
  runningTasks,
  swarmActive,
  swarmServiceState,
  type SwarmServiceState,
  type SwarmTask,
} from "@/lib/server/runtime/swarm";
import { openEnvVars } from "@/lib/server/services/service-secrets";
import { dockerTarget } from "./docker";
import { probeHealth, withinHealthDeadline, type Probe } from "./health-probe";
import type { DeployTarget, Placement } from "./target";

const ROLLBACK_TIMEOUT_MS = 180_000;
const POLL_MS = 250;

export class SwarmRolledBackError extends NonRetriableError {
  override name = "SwarmRolledBackError";
}

function swarmServiceOf(placement: Placement) {
  if (placement.kind !== "swarm") throw new Error(`A ${placement.kind} placement is not a Swarm service`);
  return placement;
}

const taskUpstream = (task: SwarmTask): Upstream => ({ host: engineAddress(), port: task.hostPort ?? 0 });

async function stateOrGone(docker: Docker, swarmServiceId: string): Promise<SwarmServiceState> {
  const state = await swarmServiceState(docker, swarmServiceId);
  if (!state) throw new NonRetriableError("The Swarm service disappeared during the deployment");
  return state;
}

function failedTasks(state: SwarmServiceState, deploymentId: string): SwarmTask[] {
  return state.tasks.filter((task) => task.deploymentId === deploymentId && ["failed", "rejected", "orphaned"].includes(task.state));
}

// Keeps the routing table on the tasks that serve: the previous version's running tasks, and the new version's
// once they have answered their health path. Caddy retries a request on another upstream when one that Swarm
// just stopped refuses it.
async function followTasks(deployment: LoadedDeployment, serving: SwarmTask[]): Promise<void> {
  if (!proxySettings() || serving.length === 0) return;
  const upstreams = serving.map(taskUpstream);
  const route = await serviceRoute(deployment.serviceId);
  if (!route || sameUpstreams(route.upstreams, upstreams)) return;
  await setServiceRoute(deployment.service, route.deploymentId, upstreams);
}

// Swarm replaces the tasks one at a time, each with its health-check time and its monitor period, and the
// probe's own retries after that: Berth waits for all of it before it calls the update failed itself.
function updateSeconds(service: { healthCheckTimeout: number; replicas: number }): number {
  return service.replicas * (service.healthCheckTimeout + MONITOR_SECONDS + PROBE_RETRY_SECONDS) + 10;
}

export const swarmTarget: DeployTarget = {
  async start(deployment, imageTag) {
    const docker = await reachableEngine();
    if (!(await swarmActive(docker))) {
      throw new NonRetriableError("The Docker engine is not a Swarm manager: run `docker swarm init` on it, or deploy this service to the docker target");
    }
    const { service } = deployment;
    const probe = env().BERTH_SWARM_PROBE;
    const { id, created, earlierUpdate } = await deploySwarmService(docker, {
      name: `berth-${service.slug}`,
      image: imageTag,
      replicas: service.replicas,
      containerPort: service.containerPort,
      env: openEnvVars(service.envVarsEncrypted, service.id),
      limits: containerLimits(service),
      serviceId: service.id,
      deploymentId: deployment.id,
      stopGraceSeconds: env().BERTH_DRAIN_SECONDS,
      health: probe ? { probePath: probe, path: service.healthCheckPath, startSeconds: service.healthCheckTimeout } : undefined,
    });
    await logLines(deployment.id, "deploy", [
      created
        ? `Created Swarm service berth-${service.slug} (${id.slice(0, 12)}) with ${service.replicas} replica(s)`
        : `Updating Swarm service berth-${service.slug} (${id.slice(0, 12)}) to ${imageTag}: ${service.replicas} replica(s), one at a time, each new task started before an old one stops`,
    ]);
    return { kind: "swarm", swarmServiceId: id, earlierUpdate: earlierUpdate ?? null };
  },

  async checkHealth(deployment, placement) {
    const { swarmServiceId, earlierUpdate } = swarmServiceOf(placement);
    const { service } = deployment;
    const docker = await reachableEngine();
    const answered = new Set<string>();
    let reported = "";
    await withinHealthDeadline(deployment, async (): Promise<Probe> => {
      const state = await stateOrGone(docker, swarmServiceId);
      // Until Swarm starts this update, the status it reports is the last one's.
      if (state.update && earlierUpdate && state.update.startedAt === earlierUpdate) state.update = undefined;
      if (state.update?.state.startsWith("rollback") || state.update?.state === "paused") {
        const message = `Swarm rolled the update back${state.update.message ? `: ${state.update.message}` : ""}`;
        await logLines(deployment.id, "health", [message], "stderr");
        throw new SwarmRolledBackError(message);
      }
      const running = runningTasks(state);
      const fresh = running.filter((task) => task.deploymentId === deployment.id);
      for (const task of fresh) {
        if (!answered.has(task.id) && (await probeHealth(`http://${engineAddress()}:${task.hostPort}${service.healthCheckPath}`)).healthy) answered.add(task.id);
      }
      await followTasks(deployment, running.filter((task) => task.deploymentId !== deployment.id || answered.has(task.id)));
      const failed = failedTasks(state, deployment.id);
      // A first deployment has nothing for Swarm to roll back to: its failing tasks are simply restarted.
      if (failed.length > 0 && !state.update) throw new NonRetriableError(`A task of the new version failed: ${failed[0]?.error ?? failed[0]?.state}`);
      const progress = `${fresh.length}/${state.replicas} new task(s) running, ${[...answered].length} answering`;
      if (progress !== reported) {
        reported = progress;
        await logLines(deployment.id, "health", [`Swarm: ${progress}${state.update ? ` (update ${state.update.state})` : ""}`]);
      }
      const others = running.filter((task) => task.deploymentId !== deployment.id);
      const done = fresh.length === state.replicas && others.length === 0 && fresh.every((task) => answered.has(task.id));
      const settled = !state.update || state.update.state === "completed";
      if (done && settled) return { healthy: true, detail: `answered on all ${state.replicas} task(s)` };
      return { healthy: false, detail: done ? `no end to Swarm's update (${state.update?.state})` : progress };
    }, updateSeconds(service));
  },

  async upstreams(deployment, placement) {
    const docker = await reachableEngine();
    const state = await stateOrGone(docker, swarmServiceOf(placement).swarmServiceId);
    return runningTasks(state)
      .filter((task) => task.deploymentId === deployment.id)
      .map(taskUpstream);
  },

  async rollBack(deployment, previous) {
    const docker = await reachableEngine();
    const found = await findSwarmService(docker, deployment.serviceId);
    if (!found) return {};
    if (!previous) {
      await removeSwarmService(docker, deployment.serviceId);
      return { note: "Removed the Swarm service." };
    }
    const swarmServiceId = found.id;
    let state = await stateOrGone(docker, swarmServiceId);
    let note = `Swarm rolled the update back${state.update?.message ? ` (${state.update.message})` : ""}.`;
    if (!state.update?.state.startsWith("rollback")) {
      await rollBackSwarmService(docker, swarmServiceId);
      note = "Berth asked Swarm to roll the update back, and it did.";
      await logLines(deployment.id, "rollback", ["Asked Swarm to roll the service back to its previous version"]);
    }
    const deadline = Date.now() + ROLLBACK_TIMEOUT_MS;
    for (;;) {
      state = await stateOrGone(docker, swarmServiceId);
      const running = runningTasks(state).filter((task) => task.deploymentId === previous.id);
      await followTasks(deployment, running);
      if (state.update?.state === "rollback_completed" && running.length === state.replicas) return { upstreams: running.map(taskUpstream), note };
      if (state.update?.state === "rollback_paused") throw new Error(`Swarm's rollback stopped: ${state.update.message}`);
      if (Date.now() > deadline) throw new Error(`Swarm's rollback did not finish in ${ROLLBACK_TIMEOUT_MS / 1000} s (${state.update?.state ?? "no update"})`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  },

  // Swarm stops the old tasks itself as the update goes; containers of the service's deployments from before it
  // moved to Swarm go as the docker target retires them.
  async retire(serviceId, deploymentId) {
    return dockerTarget.retire(serviceId, deploymentId);
  },

  async remove(serviceId) {
    const docker = await reachableEngine();
    return { removed: (await removeSwarmService(docker, serviceId)) ? 1 : 0 };
  },
};
