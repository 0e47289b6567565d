// Workflow step 7: the new version failed after its container started. Remove it, make sure the
// previous version still has the traffic, and say so.
import { db } from "@/lib/server/db";
import { proxySettings } from "@/lib/server/caddy/config";
import { awaitRouterAnswer, serviceRoute, setServiceRoute } from "@/lib/server/routing/service-routes";
import { containerState, removeDeploymentContainers } from "@/lib/server/runtime/containers";
import { engineAddress, reachableEngine } from "@/lib/server/runtime/docker";
import { shortSha } from "@/lib/shared/git/short-sha";
import { finishDeployment } from "./finish-deployment";
import { deploymentLabel, loadDeployment } from "./load-deployment";

export async function rollBackDeployment(id: string, reason: string) {
  const deployment = await loadDeployment(id);
  const { service } = deployment;
  const docker = await reachableEngine();
  await removeDeploymentContainers(docker, id);

  const previous = await db.deployment.findFirst({ where: { serviceId: service.id, status: "live", id: { not: id } } });
  if (previous?.containerId) {
    const state = await containerState(docker, previous.containerId, service.containerPort);
    if (!state?.running || !state.hostPort) throw new Error(`The previous version's container (${previous.containerId.slice(0, 12)}) is not running`);
    const proxy = proxySettings();
    const upstream = { host: engineAddress(), port: state.hostPort };
    const route = proxy && (await serviceRoute(service.id));
    if (proxy && (route?.host !== upstream.host || route.port !== upstream.port)) {
      await setServiceRoute(service, previous.id, upstream);
      await awaitRouterAnswer(proxy.routerAddress, service.slug, upstream);
    }
  }

  const outcome = previous ? `${shortSha(previous.commitSha)} keeps serving.` : "No earlier version was running.";
  await finishDeployment(deployment, previous ? "rolled_back" : "nothing_to_roll_back_to", {
    error: reason,
    message: `${deploymentLabel(deployment)} was rolled back: ${reason}. ${outcome}`,
    log: { step: "rollback", lines: [`Rolled back: ${reason}. ${outcome}`], stream: "stderr" },
  });
  return { outcome: "rolled_back" as const, reason };
}

// The rollback itself failed: nobody can vouch for what is serving now.
export async function reportRollbackFailure(id: string, reason: string, rollbackError: string) {
  const deployment = await loadDeployment(id);
  await finishDeployment(deployment, "rollback_failed", {
    error: `${reason}; rollback failed: ${rollbackError}`,
    message: `${deploymentLabel(deployment)} failed (${reason}) and rolling back failed too: ${rollbackError}. Check the service now.`,
    log: { step: "rollback", lines: [`Rollback failed: ${rollbackError}`], stream: "stderr" },
  });
}
