// Workflow step 6: the service's address now reaches the new version (the routing table says so and the
// traffic router answers so); it is live, its predecessor superseded, and deploy/live asks for what the old
// one left running to be stopped. A target that publishes its own ports (a Portainer stack) is not routed.
import { env } from "@/lib/server/env";
import { proxySettings, serviceUrl } from "@/lib/server/caddy/config";
import { awaitRouterAnswer, setServiceRoute } from "@/lib/server/routing/service-routes";
import { publishedServiceHost } from "@/lib/server/net/tenant-host";
import { deployTarget, type Placement } from "@/lib/server/deployments/targets";
import { finishDeployment } from "./finish-deployment";
import { deploymentLabel, loadDeployment } from "./load-deployment";

export async function switchDeploymentTraffic(id: string, placement: Placement) {
  const deployment = await loadDeployment(id);
  const { service } = deployment;
  const proxy = proxySettings();
  const upstreams = await deployTarget(service.target).upstreams(deployment, placement);
  let url: string | undefined;
  if (!upstreams) {
    url = undefined;
  } else if (proxy) {
    await setServiceRoute(service, deployment.id, upstreams);
    await awaitRouterAnswer(proxy.routerAddress, service.slug, upstreams);
    url = serviceUrl(proxy, service.slug);
  } else {
    url = `http://${publishedServiceHost(env())}:${upstreams[0]?.port}`;
  }
  await finishDeployment(deployment, "live", {
    url,
    message: url ? `${deploymentLabel(deployment)} is live at ${url}` : `${deploymentLabel(deployment)} is live`,
    log: { step: "route", lines: [url ? `Traffic for ${url} now goes to this deployment` : `The ${service.target} target serves this deployment on its own ports`] },
  });
  return { url: url ?? null };
}
