// Every way a deployment ends, in one place: the last log lines, the final status (and the service's, and the
// provider's report of it), the outcome metric, the owner's notification and the live event, always in that
// order. A log stream closes on the final status, so the log is complete before the status is written.
import type { DeploymentStatus, ServiceStatus, Severity } from "@/lib/generated/prisma/enums";
import { db } from "@/lib/server/db";
import { publishLive } from "@/lib/server/live/live-events";
import { metrics } from "@/lib/server/metrics";
import { notify, type NotificationType } from "@/lib/server/notifications/notify";
import { enqueue } from "@/lib/server/outbox/enqueue";
import { logLines } from "./deployment-log";
import { progressed, rethrowIfGone, type LoadedDeployment } from "./load-deployment";

type Ending = {
  deployment: DeploymentStatus;
  // "settle": the running version is untouched, so the service is building or deploying if another deployment
  // is, running if one is live, else failed (a failure) or as new (cancelled).
  service: ServiceStatus | "settle";
  notification: NotificationType;
  severity: Severity;
  // deployments_total{outcome} and deployment_duration_seconds{outcome}.
  metric: "live" | "failed" | "rolled_back" | "rollback_failed" | "cancelled";
};

const ENDINGS = {
  live: { deployment: "live", service: "running", notification: "deployment_completed", severity: "success", metric: "live" },
  // A newer deployment of the same service won before this one was released.
  cancelled: { deployment: "cancelled", service: "settle", notification: "deployment_cancelled", severity: "info", metric: "cancelled" },
  build_failed: { deployment: "failed", service: "settle", notification: "build_failed", severity: "error", metric: "failed" },
  deploy_failed: { deployment: "failed", service: "settle", notification: "deployment_failed", severity: "error", metric: "failed" },
  rolled_back: { deployment: "rolled_back", service: "running", notification: "deployment_rollback", severity: "warning", metric: "rolled_back" },
  // Rolled back with no earlier version to take over: the deployment simply failed, and the service with it.
  nothing_to_roll_back_to: { deployment: "failed", service: "failed", notification: "deployment_rollback", severity: "warning", metric: "rolled_back" },
  // Nobody can vouch for what is serving now.
  rollback_failed: { deployment: "failed", service: "failed", notification: "deployment_rollback_failed", severity: "critical", metric: "rollback_failed" },
} as const satisfies Record<string, Ending>;

export type DeploymentEnding = keyof typeof ENDINGS;

export interface EndingDetails {
  // The owner's notification.
  message: string;
  // The deployment's error field (failures).
  error?: string;
  // The address that now serves it (live).
  url?: string;
  log?: { step: string; lines: string[]; stream?: "stdout" | "stderr" };
}

export async function finishDeployment(deployment: LoadedDeployment, ending: DeploymentEnding, details: EndingDetails): Promise<void> {
  const rule: Ending = ENDINGS[ending];
  const { id, serviceId } = deployment;
  if (details.log) await logLines(id, details.log.step, details.log.lines, details.log.stream);
  const serviceStatus = rule.service === "settle" ? await settledStatus(serviceId, id, rule.metric === "failed") : rule.service;
  await db
    .$transaction([
      // Going live supersedes the version that served before and schedules its retirement, atomically.
      ...(ending === "live"
        ? [db.deployment.updateMany({ where: { serviceId, status: "live", id: { not: id } }, data: { status: "superseded" } })]
        : []),
      db.deployment.update({ where: { id }, data: { status: rule.deployment, error: details.error, url: details.url, finishedAt: new Date() } }),
      db.service.update({ where: { id: serviceId }, data: { status: serviceStatus } }),
      ...(ending === "live" ? [enqueue(db, { name: "deploy/live", data: { deploymentId: id, serviceId } })] : []),
      ...progressed(deployment),
    ])
    .catch(rethrowIfGone(id));
  await publishLive({ type: "deployment", userId: deployment.service.ownerId, serviceId, deploymentId: id });
  metrics.deployments.inc({ outcome: rule.metric });
  metrics.deploymentDuration.observe({ outcome: rule.metric }, (Date.now() - deployment.createdAt.getTime()) / 1000);
  await notify({ type: rule.notification, serviceId, deploymentId: id, severity: rule.severity, message: details.message });
}

async function settledStatus(serviceId: string, endingId: string, failed: boolean): Promise<ServiceStatus> {
  const others = await db.deployment.findMany({ where: { serviceId, id: { not: endingId }, status: { in: ["building", "deploying", "live"] } }, select: { status: true } });
  // A deployment that waited for CI ends while another of the service may be under way: that one speaks.
  const underWay = others.find((other) => other.status !== "live");
  if (underWay) return underWay.status === "building" ? "building" : "deploying";
  if (others.length > 0) return "running";
  return failed ? "failed" : "created";
}
