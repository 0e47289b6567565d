// A manual deploy (redeploy the branch head, or a given commit): a queued deployment and its
// deploy/requested event, written together.
import { ApiError } from "@/lib/server/api-error";
import type { Actor } from "@/lib/server/auth/access";
import { db } from "@/lib/server/db";
import { enqueue } from "@/lib/server/outbox/enqueue";
import type { Prisma } from "@/lib/generated/prisma/client";
import { getServiceOrThrow } from "@/lib/server/services/get-service-or-throw";
import type { RequestDeploymentInput } from "@/lib/shared/validations/deployment";
import { shortSha } from "@/lib/shared/git/short-sha";
import { ACTIVE_STATUSES } from "@/lib/shared/deployments/statuses";
import { serializeDeployment } from "./serialize-deployment";

export async function requestDeployment(actor: Actor, serviceId: string, input: RequestDeploymentInput) {
  const service = await getServiceOrThrow(actor, serviceId);
  if (input.commit_sha) {
    const active = await db.deployment.findFirst({
      where: { serviceId, commitSha: input.commit_sha, status: { in: ACTIVE_STATUSES } },
      select: { id: true },
    });
    if (active) throw new ApiError({ code: "conflict", message: `${shortSha(input.commit_sha)} is already being deployed (deployment ${active.id})` });
  }
  return queueDeployment({ serviceId, trigger: "manual", commitSha: input.commit_sha ?? null, ref: `refs/heads/${service.branch}` });
}

export async function queueDeployment(data: Prisma.DeploymentUncheckedCreateInput) {
  const deployment = await db.$transaction(async (tx) => {
    const created = await tx.deployment.create({ data });
    await enqueue(tx, { name: "deploy/requested", data: { deploymentId: created.id, serviceId: created.serviceId } });
    return created;
  });
  return serializeDeployment(deployment);
}
