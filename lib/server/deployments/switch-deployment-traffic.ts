// Workflow step 6: the service's address now reaches the new container; it is live, its predecessor
// superseded, and deploy/live asks for the old container to be drained and stopped.
import { env } from "@/lib/server/env";
import { routeService, serviceUrl } from "@/lib/server/caddy/routes";
import { proxyConfig } from "@/lib/server/caddy/config";
import { publishedServiceHost } from "@/lib/server/net/tenant-host";
import { finishDeployment } from "./finish-deployment";
import { deploymentLabel, loadDeployment } from "./load-deployment";

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
  await finishDeployment(deployment, "live", {
    url,
    message: `${deploymentLabel(deployment)} is live at ${url}`,
    log: { step: "route", lines: [`Traffic for ${url} now goes to this deployment`] },
  });
  return { url };
}
