// A deployment as the workflow steps need it: with its service, the service's secrets and connection.
import { NonRetriableError } from "inngest";
import { db } from "@/lib/server/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { publishLive } from "@/lib/server/live/live-events";

// Deleting a service deletes its deployments, also mid-workflow: nothing is left to retry.
const deleted = (id: string) => new NonRetriableError(`Deployment ${id} no longer exists (its service was deleted)`);

export async function loadDeployment(id: string) {
  const deployment = await db.deployment.findUnique({
    where: { id },
    include: { service: { include: { connection: true }, omit: { envVarsEncrypted: false, gitAuthEncrypted: false } } },
  });
  if (!deployment) throw deleted(id);
  return deployment;
}

export type LoadedDeployment = Awaited<ReturnType<typeof loadDeployment>>;

export async function updateDeployment(deployment: LoadedDeployment, data: Prisma.DeploymentUncheckedUpdateInput) {
  await db.deployment.update({ where: { id: deployment.id }, data }).catch((error: unknown) => {
    throw error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025" ? deleted(deployment.id) : error;
  });
  await publishLive({ type: "deployment", userId: deployment.service.ownerId, serviceId: deployment.serviceId, deploymentId: deployment.id });
}

export function shortSha(sha: string | null | undefined): string {
  return sha ? sha.slice(0, 7) : "branch head";
}

// "web@abc1234", for messages.
export function deploymentLabel(deployment: { commitSha: string | null; service: { name: string } }): string {
  return `${deployment.service.name}@${shortSha(deployment.commitSha)}`;
}
