// Swarm replaces a task that dies (a crash, a node lost) on its own, and the replacement gets another host port.
// Between deployments each Berth instance keeps the routes of its Swarm services on the live deployment's running
// tasks; a service with a deployment under way is left to that deployment's health check, which follows them.
import { proxySettings } from "@/lib/server/caddy/config";
import { db } from "@/lib/server/db";
import { logger } from "@/lib/server/logger";
import { sameUpstreams, setServiceRoute } from "@/lib/server/routing/service-routes";
import { upstreamsSchema } from "@/lib/server/routing/router-files";
import { engineAddress, reachableEngine } from "@/lib/server/runtime/docker";
import { findSwarmService, runningTasks, swarmServiceState } from "@/lib/server/runtime/swarm";

const FOLLOW_MS = 2_000;

export async function followSwarmRoutes(): Promise<{ updated: string[] }> {
  const routes = await db.serviceRoute.findMany({
    where: { service: { target: "swarm", deployments: { none: { status: "deploying" } } } },
    select: { serviceId: true, slug: true, deploymentId: true, upstreams: true },
  });
  if (routes.length === 0) return { updated: [] };
  const docker = await reachableEngine();
  const updated: string[] = [];
  for (const route of routes) {
    const found = await findSwarmService(docker, route.serviceId);
    const state = found && (await swarmServiceState(docker, found.id));
    const serving = state ? runningTasks(state).filter((task) => task.deploymentId === route.deploymentId) : [];
    // No task of it runs just now (Swarm is replacing them): the last answer stays, and Caddy retries.
    if (serving.length === 0) continue;
    const upstreams = serving.map((task) => ({ host: engineAddress(), port: task.hostPort ?? 0 }));
    const current = upstreamsSchema.safeParse(route.upstreams);
    if (current.success && sameUpstreams(current.data, upstreams)) continue;
    await setServiceRoute({ id: route.serviceId, slug: route.slug }, route.deploymentId, upstreams);
    updated.push(route.slug);
  }
  return { updated };
}

export function scheduleSwarmRouteFollowing(): () => void {
  if (!proxySettings()) return () => {};
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    followSwarmRoutes()
      .then(({ updated }) => {
        if (updated.length > 0) logger.info({ services: updated }, "Swarm replaced tasks; their routes follow");
      })
      .catch((error: unknown) => logger.warn({ err: error }, "could not follow Swarm services' tasks"))
      .finally(() => {
        running = false;
      });
  }, FOLLOW_MS).unref();
  return () => clearInterval(timer);
}
