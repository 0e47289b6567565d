import type { CommitStatusReport, Deployment } from "@/lib/generated/prisma/client";

// The newest first, as the queries include them (statusReportsNewestFirst).
// As read with the client's default omissions (Deployment.sequence left out).
type WithReports = Omit<Deployment, "sequence"> & { statusReports?: CommitStatusReport[] };

export const statusReportsNewestFirst = { statusReports: { orderBy: { createdAt: "desc" as const }, take: 1 } };

export function serializeDeployment(deployment: WithReports) {
  const report = deployment.statusReports?.[0];
  return {
    id: deployment.id,
    service_id: deployment.serviceId,
    status: deployment.status,
    trigger: deployment.trigger,
    commit_sha: deployment.commitSha,
    commit_message: deployment.commitMessage,
    commit_author: deployment.commitAuthor,
    ref: deployment.ref,
    image_tag: deployment.imageTag,
    image_pruned_at: deployment.imagePrunedAt?.toISOString() ?? null,
    url: deployment.url,
    error: deployment.error,
    rollback_from_id: deployment.rollbackFromId,
    delivery_id: deployment.deliveryId,
    created_at: deployment.createdAt.toISOString(),
    started_at: deployment.startedAt?.toISOString() ?? null,
    finished_at: deployment.finishedAt?.toISOString() ?? null,
    // What the repository's provider was last told (or why it could not be): null when nothing was sent.
    provider_status: report ? { provider: report.provider, state: report.state, outcome: report.outcome, detail: report.detail, at: report.createdAt.toISOString() } : null,
  };
}

export type DeploymentResponse = ReturnType<typeof serializeDeployment>;
