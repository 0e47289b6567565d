// Workflow step 6: the service's address now reaches the new container (the routing table says so and the
// traffic router answers so); it is live, its predecessor superseded, and deploy/live asks for the old
// container to be stopped.
import { env } from "@/lib/server/env";
import { proxySettings, serviceUrl } from "@/lib/server/caddy/config";
import { awaitRouterAnswer, setServiceRoute } from "@/lib/server/routing/service-routes";
import { publishedServiceHost } from "@/lib/server/net/tenant-host";
import { engineAddress } from "@/lib/server/runtime/docker";
import { finishDeployment } from "./finish-deployment";
import { deploymentLabel, loadDeployment } from "./load-deployment";

export async function switchDeploymentTraffic(id: string, container: { hostPort: number }) {
  const deployment = await loadDeployment(id);
  const { service } = deployment;
  const proxy = proxySettings();
  let url: string;
  if (proxy) {
    const upstream = { host: engineAddress(), port: container.hostPort };
    await setServiceRoute(service, deployment.id, upstream);
    await awaitRouterAnswer(proxy.routerAddress, service.slug, upstream);
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
