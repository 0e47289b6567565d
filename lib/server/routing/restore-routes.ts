// A live service without a route — on an instance upgraded from per-service Caddy routes, before the routing
// table existed — gets its route back from its running container, so the upgrade does not take it offline.
// The launcher runs this before it starts the router.
import type Docker from "dockerode";
import type { Db } from "@/lib/server/database/client";
import { containerState } from "@/lib/server/runtime/containers";

// engineAddress: where the engine host publishes containers' ports (BERTH_ENGINE_ADDRESS).
export async function restoreMissingRoutes(db: Db, docker: Docker, engineAddress = "127.0.0.1"): Promise<{ restored: string[]; notRunning: string[] }> {
  const live = await db.deployment.findMany({
    where: { status: "live", containerId: { not: null }, service: { route: { is: null } } },
    select: { id: true, containerId: true, service: { select: { id: true, slug: true, containerPort: true } } },
  });
  const restored: string[] = [];
  const notRunning: string[] = [];
  for (const { id, containerId, service } of live) {
    const state = await containerState(docker, containerId ?? "", service.containerPort);
    if (!state?.running || !state.hostPort) {
      notRunning.push(service.slug);
      continue;
    }
    await db.serviceRoute.create({ data: { serviceId: service.id, slug: service.slug, deploymentId: id, upstreams: [{ host: engineAddress, port: state.hostPort }] } });
    restored.push(service.slug);
  }
  return { restored, notRunning };
}
