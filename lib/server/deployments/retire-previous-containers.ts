// Once traffic has moved: stop (SIGTERM, then BERTH_DRAIN_SECONDS for requests in flight) and remove the
// service's containers whose deployments are over (superseded, failed, cancelled or gone). A container of a
// deployment still under way is left alone: a newer deployment may have started since this one went live.
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { findContainers, LABELS, removeContainer } from "@/lib/server/runtime/containers";
import { reachableEngine } from "@/lib/server/runtime/docker";
import { logLines } from "./deployment-log";
import { ACTIVE_STATUSES } from "@/lib/shared/deployments/statuses";

const KEEP = new Set<string>([...ACTIVE_STATUSES, "live"]);

// Works from ids alone: if the service was deleted meanwhile, all its containers go.
export async function retirePreviousContainers(serviceId: string, id: string) {
  const docker = await reachableEngine();
  const containers = await findContainers(docker, { [LABELS.service]: serviceId });
  const owners = await db.deployment.findMany({
    where: { id: { in: containers.map((container) => container.Labels[LABELS.deployment] ?? "") } },
    select: { id: true, status: true },
  });
  const status = new Map(owners.map((owner) => [owner.id, owner.status]));
  const retired = containers.filter((container) => !KEEP.has(status.get(container.Labels[LABELS.deployment] ?? "") ?? "gone"));
  for (const container of retired) await removeContainer(docker, container.Id, env().BERTH_DRAIN_SECONDS);
  if (retired.length > 0 && status.has(id)) {
    await logLines(id, "deploy", retired.map((container) => `Stopped previous container ${container.Id.slice(0, 12)}`));
  }
  return { stopped: retired.length };
}
