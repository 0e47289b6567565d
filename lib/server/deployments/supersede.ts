// A newer push wins: an older deployment still queued or building is cancelled instead of released.
import { db } from "@/lib/server/db";
import { notify } from "@/lib/server/notifications/notify";
import { logLines } from "./deployment-log";
import { deploymentLabel, shortSha, updateDeployment, type LoadedDeployment } from "./load-deployment";
import { recordOutcome } from "./record-outcome";

export async function findNewerDeployment(deployment: LoadedDeployment) {
  return db.deployment.findFirst({
    where: { serviceId: deployment.serviceId, createdAt: { gt: deployment.createdAt }, status: { in: ["queued", "building"] } },
    orderBy: { createdAt: "desc" },
    select: { id: true, commitSha: true },
  });
}

export async function cancelAsSuperseded(deployment: LoadedDeployment, newer: { id: string; commitSha: string | null }) {
  const reason = `Superseded by a newer deployment (${shortSha(newer.commitSha)})`;
  await logLines(deployment.id, "build", [`Cancelled: ${reason.toLowerCase()}`]);
  await updateDeployment(deployment, { status: "cancelled", error: reason, finishedAt: new Date() });
  recordOutcome(deployment, "cancelled");
  await notify({
    type: "deployment_cancelled",
    serviceId: deployment.serviceId,
    deploymentId: deployment.id,
    severity: "info",
    message: `${deploymentLabel(deployment)} was not deployed: ${reason.toLowerCase()}`,
  });
  return { outcome: "superseded" as const, reason };
}
