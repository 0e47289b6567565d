// A deployment as the workflow steps need it: with its service, the service's secrets and connection.
import { NonRetriableError } from "inngest";
import { db } from "@/lib/server/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { shortSha } from "@/lib/shared/git/short-sha";
import { publishLive } from "@/lib/server/live/live-events";
import { enqueue } from "@/lib/server/outbox/enqueue";

// Deleting a service deletes its deployments, also mid-workflow: nothing is left to retry.
const gone = (id: string) => new NonRetriableError(`Deployment ${id} no longer exists (its service was deleted)`);

// For a write's catch: a row that was not there to update means the same.
export function rethrowIfGone(id: string) {
  return (error: unknown): never => {
    throw error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025" ? gone(id) : error;
  };
}

export async function loadDeployment(id: string) {
  const deployment = await db.deployment.findUnique({
    where: { id },
    // A preview's own service has no connection: its repository's is the previewed service's.
    include: { service: { include: { connection: true, previewOf: { select: { connection: true } } }, omit: { envVarsEncrypted: false, gitAuthEncrypted: false } } },
  });
  if (!deployment) throw gone(id);
  return deployment;
}

export type LoadedDeployment = Awaited<ReturnType<typeof loadDeployment>>;

// The deployment's new state and, while it is under way, its service's (building, deploying), in one write;
// a new status is also told to the provider (report-commit-status).
export async function updateDeployment(deployment: LoadedDeployment, data: Prisma.DeploymentUncheckedUpdateInput, serviceStatus?: "building" | "deploying") {
  await db
    .$transaction([
      db.deployment.update({ where: { id: deployment.id }, data }),
      ...(serviceStatus ? [db.service.update({ where: { id: deployment.serviceId }, data: { status: serviceStatus } })] : []),
      ...(data.status ? progressed(deployment) : []),
    ])
    .catch(rethrowIfGone(deployment.id));
  await publishLive({ type: "deployment", userId: deployment.service.ownerId, serviceId: deployment.serviceId, deploymentId: deployment.id });
}

// The deploy/progressed event that tells the provider (report-commit-status), for a deployment of a repository
// connected through one; none for a plain Git server's.
export function progressed(deployment: LoadedDeployment) {
  const connection = deployment.service.connection ?? deployment.service.previewOf?.connection;
  if (!connection || connection.provider === "git") return [];
  return [enqueue(db, { name: "deploy/progressed", data: { deploymentId: deployment.id, serviceId: deployment.serviceId } })];
}

// "web@abc1234", for messages.
export function deploymentLabel(deployment: { commitSha: string | null; service: { name: string } }): string {
  return `${deployment.service.name}@${shortSha(deployment.commitSha)}`;
}
