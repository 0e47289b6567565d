// Roll back to an earlier successful deployment: a new deployment of its image, through the same workflow.
import { ApiError } from "@/lib/server/api-error";
import type { Actor } from "@/lib/server/auth/access";
import { db } from "@/lib/server/db";
import { imageExists } from "@/lib/server/runtime/build-image";
import { env } from "@/lib/server/env";
import { reachableEngine } from "@/lib/server/runtime/docker";
import { getDeploymentOrThrow } from "./get-deployment-or-throw";
import { shortSha } from "@/lib/shared/git/short-sha";
import { ACTIVE_STATUSES } from "@/lib/shared/deployments/statuses";
import { queueDeployment } from "./request-deployment";

export async function requestRollback(actor: Actor, deploymentId: string) {
  const target = await getDeploymentOrThrow(actor, deploymentId);
  if (target.status === "live") throw new ApiError({ code: "conflict", message: `${shortSha(target.commitSha)} is already live` });
  if (target.status !== "superseded" || !target.imageTag) {
    throw new ApiError({ code: "conflict", message: "Only a deployment that was live before can be rolled back to" });
  }
  if (target.imagePrunedAt) {
    throw new ApiError({ code: "conflict", message: `Image ${target.imageTag} was removed to save space: Berth keeps the images of the newest ${env().BERTH_KEEP_IMAGES} earlier deployments` });
  }
  const docker = await reachableEngine();
  if (!(await imageExists(docker, target.imageTag))) {
    throw new ApiError({ code: "conflict", message: `Image ${target.imageTag} no longer exists on the Docker engine` });
  }
  const pending = await db.deployment.findFirst({ where: { rollbackFromId: target.id, status: { in: ACTIVE_STATUSES } } });
  if (pending) throw new ApiError({ code: "conflict", message: `A rollback to ${shortSha(target.commitSha)} is already under way` });
  return queueDeployment({
    serviceId: target.serviceId,
    trigger: "rollback",
    rollbackFromId: target.id,
    commitSha: target.commitSha,
    commitMessage: target.commitMessage,
    commitAuthor: target.commitAuthor,
    ref: target.ref,
    imageTag: target.imageTag,
  });
}
