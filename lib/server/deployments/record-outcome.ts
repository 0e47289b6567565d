import { metrics } from "@/lib/server/metrics";

export type DeploymentOutcome = "live" | "failed" | "rolled_back" | "rollback_failed" | "cancelled";

export function recordOutcome(deployment: { createdAt: Date }, outcome: DeploymentOutcome) {
  metrics.deployments.inc({ outcome });
  metrics.deploymentDuration.observe({ outcome }, (Date.now() - deployment.createdAt.getTime()) / 1000);
}
