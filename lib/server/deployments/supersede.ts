// A newer push wins: an older deployment still queued or building is cancelled instead of released.
import { db } from "@/lib/server/db";
import { shortSha } from "@/lib/shared/git/short-sha";
import { finishDeployment } from "./finish-deployment";
import { deploymentLabel, type LoadedDeployment } from "./load-deployment";

// The newest deployment of the service requested after this one (by sequence: several requested in one
// statement share createdAt) that is still queued or building.
export async function findNewerDeployment(deployment: { id: string }): Promise<{ id: string; commitSha: string | null } | null> {
  const [newer] = await db.$queryRaw<{ id: string; commitSha: string | null }[]>`
    SELECT n.id, n."commitSha" FROM "Deployment" d
    JOIN "Deployment" n ON n."serviceId" = d."serviceId" AND n.sequence > d.sequence AND n.status IN ('queued', 'building')
    WHERE d.id = ${deployment.id} ORDER BY n.sequence DESC LIMIT 1`;
  return newer ?? null;
}

export async function cancelAsSuperseded(deployment: LoadedDeployment, newer: { id: string; commitSha: string | null }) {
  const reason = `Superseded by a newer deployment (${shortSha(newer.commitSha)})`;
  await finishDeployment(deployment, "cancelled", {
    error: reason,
    message: `${deploymentLabel(deployment)} was not deployed: ${reason.toLowerCase()}`,
    log: { step: "build", lines: [`Cancelled: ${reason.toLowerCase()}`] },
  });
  return { outcome: "superseded" as const, reason };
}
