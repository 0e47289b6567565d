// Workflow step 7: the new version failed after it started. Undo it on its target, make sure the previous
// version still has the traffic, and say so.
import { db } from "@/lib/server/db";
import { proxySettings } from "@/lib/server/caddy/config";
import { awaitRouterAnswer, sameUpstreams, serviceRoute, setServiceRoute } from "@/lib/server/routing/service-routes";
import { deployTarget } from "@/lib/server/deployments/targets";
import { shortSha } from "@/lib/shared/git/short-sha";
import { finishDeployment } from "./finish-deployment";
import { deploymentLabel, loadDeployment } from "./load-deployment";

export async function rollBackDeployment(id: string, reason: string) {
  const deployment = await loadDeployment(id);
  const { service } = deployment;
  const previous = await db.deployment.findFirst({ where: { serviceId: service.id, status: "live", id: { not: id } } });
  const { upstreams, note } = await deployTarget(service.target).rollBack(deployment, previous);
  const proxy = proxySettings();
  if (proxy && previous && upstreams && upstreams.length > 0) {
    const route = await serviceRoute(service.id);
    if (!route || route.deploymentId !== previous.id || !sameUpstreams(route.upstreams, upstreams)) {
      await setServiceRoute(service, previous.id, upstreams);
      await awaitRouterAnswer(proxy.routerAddress, service.slug, upstreams);
    }
  }

  const outcome = [previous ? `${shortSha(previous.commitSha)} keeps serving.` : "No earlier version was running.", note].filter(Boolean).join(" ");
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
