// Workflow step 6: the service's address now reaches the new container; it is live, its predecessor
// superseded, and deploy/live asks for the old container to be drained and stopped.
import { randomUUID } from "node:crypto";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { notify } from "@/lib/server/notifications/notify";
import { routeService, serviceUrl } from "@/lib/server/caddy/routes";
import { proxyConfig } from "@/lib/server/caddy/config";
import { publishLive } from "@/lib/server/live/live-events";
import { publishedServiceHost } from "@/lib/server/net/tenant-host";
import { logLines } from "./deployment-log";
import { deploymentLabel, loadDeployment } from "./load-deployment";
import { recordOutcome } from "./record-outcome";

export async function switchDeploymentTraffic(id: string, container: { hostPort: number }) {
  const deployment = await loadDeployment(id);
  const { service } = deployment;
  const proxy = proxyConfig();
  let url: string;
  if (proxy) {
    await routeService(proxy, service.slug, `127.0.0.1:${container.hostPort}`);
    url = serviceUrl(proxy, service.slug);
  } else {
    url = `http://${publishedServiceHost(env())}:${container.hostPort}`;
  }
  // The log is complete before the status ends it: a log stream closes on the final status.
  await logLines(id, "route", [`Traffic for ${url} now goes to this deployment`]);
  // Live, and the retirement of the previous container scheduled, in one transaction.
  await db.$transaction([
    db.deployment.updateMany({ where: { serviceId: service.id, status: "live", id: { not: id } }, data: { status: "superseded" } }),
    db.service.update({ where: { id: service.id }, data: { status: "running" } }),
    db.deployment.update({ where: { id }, data: { status: "live", url, finishedAt: new Date() } }),
    db.workflowEvent.create({ data: { id: randomUUID(), name: "deploy/live", data: { deploymentId: id, serviceId: service.id } } }),
  ]);
  await publishLive({ type: "deployment", userId: service.ownerId, serviceId: service.id, deploymentId: id });
  recordOutcome(deployment, "live");
  await notify({ type: "deployment_completed", serviceId: service.id, deploymentId: id, severity: "success", message: `${deploymentLabel(deployment)} is live at ${url}` });
  return { url };
}
