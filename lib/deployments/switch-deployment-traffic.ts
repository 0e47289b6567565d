// Workflow step 6: the service's address now reaches the new container; it is live, its predecessor
// superseded.
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { notify } from "@/lib/notifications/notify";
import { routeService, serviceUrl } from "@/lib/proxy/caddy";
import { proxyConfig } from "@/lib/proxy/proxy-config";
import { logLines } from "./deployment-log";
import { describe, loadDeployment, updateDeployment } from "./load-deployment";

export async function switchDeploymentTraffic(id: string, container: { hostPort: number }) {
  const deployment = await loadDeployment(id);
  const { service } = deployment;
  const proxy = proxyConfig();
  let url: string;
  if (proxy) {
    await routeService(proxy, service.slug, `127.0.0.1:${container.hostPort}`);
    url = serviceUrl(proxy, service.slug);
  } else {
    url = `http://${env().BERTH_DOMAIN}:${container.hostPort}`;
  }
  await db.$transaction([
    db.deployment.updateMany({ where: { serviceId: service.id, status: "live", id: { not: id } }, data: { status: "superseded" } }),
    db.service.update({ where: { id: service.id }, data: { status: "running" } }),
  ]);
  await updateDeployment(deployment, { status: "live", url, finishedAt: new Date() });
  await logLines(id, "deploy", [`Traffic for ${url} now goes to this deployment`]);
  await notify({ type: "deployment_completed", serviceId: service.id, deploymentId: id, severity: "success", message: `${describe(deployment)} is live at ${url}` });
  return { url };
}
