// After a restart — of the host, dockerd, PostgreSQL, Caddy or Berth — what runs must match what the history
// says. Every live deployment of a container service gets its container back (started again, or made again from
// its image, the deployment's log saying so) and its route on the container's port now (a container started
// again gets another published port); containers no deployment owns any more are removed; a deployment whose
// workflow run is gone is failed instead of staying under way forever. Run at start, every CONVERGE_MS, and every
// 2 s while the engine cannot be reached, so it runs as soon as the engine is back.
import { proxySettings } from "@/lib/server/caddy/config";
import { db } from "@/lib/server/db";
import { logger } from "@/lib/server/logger";
import { notify } from "@/lib/server/notifications/notify";
import { sameUpstreams, serviceRoute, setServiceRoute } from "@/lib/server/routing/service-routes";
import { containerState, findContainers, LABELS, removeContainer } from "@/lib/server/runtime/containers";
import { engineAddress, reachableEngine } from "@/lib/server/runtime/docker";
import { imageExists } from "@/lib/server/runtime/build-image";
import { dockerTarget } from "@/lib/server/deployments/targets/docker";
import { ACTIVE_STATUSES } from "@/lib/shared/deployments/statuses";
import { logLines } from "./deployment-log";
import { failDeployment } from "./fail-deployment";
import { loadDeployment } from "./load-deployment";

export const CONVERGE_MS = 15_000;
// After a pass that could not reach the engine or the database: the next one this soon.
const RETRY_AFTER_FAILURE_MS = 2_000;
// A deployment under way this long with no workflow run left to move it is over.
const ORPHANED_DEPLOYMENT_MS = 120_000;
const SWARM_TASK_LABEL = "com.docker.swarm.task.id";
const RETIRE_GRACE_MS = 300_000;

export type Convergence = { restarted: string[]; recreated: string[]; rerouted: string[]; removed: number; failed: string[]; problems: string[] };

// failOrphaned: only with the embedded executor, whose runs Berth can see.
export async function convergeRuntime(options: { failOrphaned: boolean }): Promise<Convergence> {
  const result: Convergence = { restarted: [], recreated: [], rerouted: [], removed: 0, failed: [], problems: [] };
  const docker = await reachableEngine();
  const live = await db.deployment.findMany({ where: { status: "live", service: { target: "docker" } }, include: { service: true } });
  for (const deployment of live) {
    const { service } = deployment;
    const state = deployment.containerId ? await containerState(docker, deployment.containerId, service.containerPort) : undefined;
    let hostPort = state?.running ? state.hostPort : undefined;
    if (state && !state.running && deployment.containerId) {
      await docker.getContainer(deployment.containerId).start();
      hostPort = (await containerState(docker, deployment.containerId, service.containerPort))?.hostPort;
      await logLines(deployment.id, "deploy", [`Started container ${deployment.containerId.slice(0, 12)} again: it had stopped (exit code ${state.exitCode})`], "stderr");
      result.restarted.push(service.slug);
    } else if (!state) {
      if (!deployment.imageTag || !(await imageExists(docker, deployment.imageTag))) {
        result.problems.push(`${service.slug}: its live container is gone and so is its image ${deployment.imageTag ?? ""}`.trim());
        continue;
      }
      const placement = await dockerTarget.start(await loadDeployment(deployment.id), deployment.imageTag);
      if (placement.kind !== "docker") continue;
      hostPort = placement.hostPort;
      const message = `The live container of ${service.name} was gone; Berth started ${deployment.imageTag} again (container ${placement.containerId.slice(0, 12)})`;
      await logLines(deployment.id, "deploy", [message], "stderr");
      await notify({ type: "service_restored", serviceId: service.id, deploymentId: deployment.id, severity: "warning", message });
      result.recreated.push(service.slug);
    }
    if (hostPort && proxySettings()) {
      const upstreams = [{ host: engineAddress(), port: hostPort }];
      const route = await serviceRoute(service.id);
      if (!route || route.deploymentId !== deployment.id || !sameUpstreams(route.upstreams, upstreams)) {
        await setServiceRoute(service, deployment.id, upstreams);
        result.rerouted.push(service.slug);
      }
    }
  }
  result.removed = await removeOrphanContainers(docker);
  if (options.failOrphaned) result.failed = await failOrphanedDeployments();
  return result;
}

// Containers of this Berth's deployments that are over and not serving: what a retire that never ran, or a live
// container replaced by a new one, leaves behind. Swarm's own task containers are Swarm's,
// and a service with a deployment that ended in the last RETIRE_GRACE_MS is left to retire-containers (what it
// replaced may be draining).
async function removeOrphanContainers(docker: Awaited<ReturnType<typeof reachableEngine>>): Promise<number> {
  const containers = (await findContainers(docker, { [LABELS.managed]: "true" })).filter((container) => container.Labels[LABELS.deployment] && !container.Labels[SWARM_TASK_LABEL]);
  const owners = await db.deployment.findMany({
    where: { id: { in: containers.map((container) => container.Labels[LABELS.deployment] ?? "") } },
    select: { id: true, serviceId: true, status: true, containerId: true },
  });
  const byId = new Map(owners.map((owner) => [owner.id, owner]));
  // Services where a deployment ended lately: what it replaced may still be draining.
  const settling = new Set(
    (await db.deployment.findMany({ where: { finishedAt: { gt: new Date(Date.now() - RETIRE_GRACE_MS) } }, select: { serviceId: true } })).map((row) => row.serviceId),
  );
  const keep = (container: (typeof containers)[number]) => {
    const owner = byId.get(container.Labels[LABELS.deployment] ?? "");
    // Not one of this Berth's deployments: another Berth on the same engine may own it.
    if (!owner) return true;
    if (ACTIVE_STATUSES.includes(owner.status) || settling.has(owner.serviceId)) return true;
    return owner.status === "live" && owner.containerId === container.Id;
  };
  const orphans = containers.filter((container) => !keep(container));
  for (const container of orphans) await removeContainer(docker, container.Id, 0);
  return orphans.length;
}

// Under way, but no run of the embedded executor is left to finish it (a run that failed before its failure
// handler could say so). With an Inngest server Berth cannot see runs, and leaves them to it.
async function failOrphanedDeployments(): Promise<string[]> {
  const stale = await db.deployment.findMany({
    where: { status: { in: ["building", "deploying"] }, createdAt: { lt: new Date(Date.now() - ORPHANED_DEPLOYMENT_MS) } },
    select: { id: true },
  });
  const failed: string[] = [];
  for (const { id } of stale) {
    const runs = await db.$queryRaw<{ count: bigint }[]>`
      SELECT count(*) AS count FROM "WorkflowRun"
      WHERE "functionId" LIKE '%deploy-service' AND status = 'running' AND event->'data'->>'deploymentId' = ${id}`;
    if (Number(runs[0]?.count ?? 0) > 0) continue;
    await failDeployment(id, "Berth stopped while this deployment was under way, and its workflow run did not survive; deploy again");
    failed.push(id);
  }
  return failed;
}

export function scheduleConvergence(options: { embeddedExecutor: boolean }): () => void {
  const log = logger.child({ component: "converge" });
  let running = false;
  let retry: NodeJS.Timeout | undefined;
  const pass = () => {
    if (running) return;
    running = true;
    clearTimeout(retry);
    convergeRuntime({ failOrphaned: options.embeddedExecutor })
      .then((outcome) => {
        const changed = outcome.restarted.length + outcome.recreated.length + outcome.rerouted.length + outcome.removed + outcome.failed.length + outcome.problems.length;
        if (changed > 0) log.warn(outcome, "what runs did not match the deployments; converged");
      })
      .catch((error: unknown) => {
        log.warn({ err: error }, "could not compare what runs with the deployments; trying again shortly");
        // The engine (or the database) is away: converge as soon as it answers again, not at the next interval.
        retry = setTimeout(pass, RETRY_AFTER_FAILURE_MS).unref();
      })
      .finally(() => {
        running = false;
      });
  };
  pass();
  const timer = setInterval(pass, CONVERGE_MS).unref();
  return () => {
    clearInterval(timer);
    clearTimeout(retry);
  };
}
