// Workflow step 7: the new version failed after its container started. Remove it, make sure the
// previous version still has the traffic, and say so.
import { db } from "@/lib/server/db";
import { notify } from "@/lib/server/notifications/notify";
import { currentUpstream, routeService } from "@/lib/server/caddy/routes";
import { proxyConfig } from "@/lib/server/caddy/config";
import { containerState, removeDeploymentContainers } from "@/lib/server/runtime/containers";
import { reachableEngine } from "@/lib/server/runtime/docker";
import { logLines } from "./deployment-log";
import { deploymentLabel, loadDeployment, shortSha, updateDeployment } from "./load-deployment";
import { recordOutcome } from "./record-outcome";

export async function rollBackDeployment(id: string, reason: string) {
  const deployment = await loadDeployment(id);
  const { service } = deployment;
  const docker = await reachableEngine();
  await removeDeploymentContainers(docker, id);

  const previous = await db.deployment.findFirst({ where: { serviceId: service.id, status: "live", id: { not: id } } });
  if (previous?.containerId) {
    const state = await containerState(docker, previous.containerId, service.containerPort);
    if (!state?.running || !state.hostPort) throw new Error(`The previous version's container (${previous.containerId.slice(0, 12)}) is not running`);
    const proxy = proxyConfig();
    const upstream = `127.0.0.1:${state.hostPort}`;
    if (proxy && (await currentUpstream(proxy, service.slug)) !== upstream) await routeService(proxy, service.slug, upstream);
  }

  // The log is complete before the status ends it: a log stream closes on the final status.
  const outcome = previous ? `${shortSha(previous.commitSha)} keeps serving.` : "No earlier version was running.";
  await logLines(id, "rollback", [`Rolled back: ${reason}. ${outcome}`], "stderr");
  // "rolled_back" says an earlier version took over; with none to take over the deployment simply failed.
  await updateDeployment(deployment, { status: previous ? "rolled_back" : "failed", error: reason, finishedAt: new Date() });
  await db.service.update({ where: { id: service.id }, data: { status: previous ? "running" : "failed" } });
  recordOutcome(deployment, "rolled_back");
  await notify({
    type: "deployment_rollback",
    serviceId: service.id,
    deploymentId: id,
    severity: "warning",
    message: `${deploymentLabel(deployment)} was rolled back: ${reason}. ${outcome}`,
  });
  return { outcome: "rolled_back" as const, reason };
}

// The rollback itself failed: nobody can vouch for what is serving now.
export async function reportRollbackFailure(id: string, reason: string, rollbackError: string) {
  const deployment = await loadDeployment(id);
  await logLines(id, "rollback", [`Rollback failed: ${rollbackError}`], "stderr");
  await updateDeployment(deployment, { status: "failed", error: `${reason}; rollback failed: ${rollbackError}`, finishedAt: new Date() });
  await db.service.update({ where: { id: deployment.serviceId }, data: { status: "failed" } });
  recordOutcome(deployment, "rollback_failed");
  await notify({
    type: "deployment_rollback_failed",
    serviceId: deployment.serviceId,
    deploymentId: id,
    severity: "critical",
    message: `${deploymentLabel(deployment)} failed (${reason}) and rolling back failed too: ${rollbackError}. Check the service now.`,
  });
}
