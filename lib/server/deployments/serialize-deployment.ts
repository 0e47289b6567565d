import type { Deployment } from "@/lib/generated/prisma/client";

export function serializeDeployment(deployment: Deployment) {
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
  };
}

export type DeploymentResponse = ReturnType<typeof serializeDeployment>;
