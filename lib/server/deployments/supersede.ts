// A newer push wins: an older deployment still queued or building is cancelled instead of released.
import { db } from "@/lib/server/db";
import { shortSha } from "@/lib/shared/git/short-sha";
import { finishDeployment } from "./finish-deployment";
import { deploymentLabel, type LoadedDeployment } from "./load-deployment";

export async function findNewerDeployment(deployment: LoadedDeployment) {
  return db.deployment.findFirst({
    where: { serviceId: deployment.serviceId, createdAt: { gt: deployment.createdAt }, status: { in: ["queued", "building"] } },
    orderBy: { createdAt: "desc" },
    select: { id: true, commitSha: true },
  });
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
