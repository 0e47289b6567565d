// A deployment's state, told to its repository's provider as the commit's status (and, on GitHub, as a
// deployment with its statuses), with the token of whoever connected the repository. Each call reports the
// deployment's current state once: a repeated event, or one that arrives after a newer state was sent, sends
// nothing. A refusal is recorded and shown, never thrown: the deployment goes on. A provider that does not
// answer is thrown, so the step retries it.
import { Prisma, type CommitStatusReportOutcome, type Deployment, type DeploymentStatus, type GitProvider } from "@/lib/generated/prisma/client";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { publishLive } from "@/lib/server/live/live-events";
import { enqueue } from "@/lib/server/outbox/enqueue";
import { hookManager, providerClientFor } from "@/lib/server/providers/provider-client";
import { ProviderError, type CommitState, type CommitStatus } from "@/lib/server/providers/types";
import { shortSha } from "@/lib/shared/git/short-sha";
import { isOAuthProvider } from "@/lib/shared/providers/labels";

// A superseded deployment's provider record goes inactive on its own (GitHub's auto_inactive); the others
// keep the success they were given.
const STATES: Record<DeploymentStatus, CommitState | null> = {
  queued: "pending",
  building: "running",
  deploying: "running",
  live: "success",
  failed: "failure",
  rolled_back: "failure",
  cancelled: "cancelled",
  superseded: null,
};

// What the provider shows: public wording only. The reason stays behind Berth's sign-in, at the link.
function describe(deployment: Pick<Deployment, "status" | "commitSha" | "url" | "imageTag">): string {
  const commit = shortSha(deployment.commitSha);
  switch (deployment.status) {
    case "queued":
      return `Queued: ${commit} waits its turn`;
    case "building":
      return `Building ${commit}`;
    case "deploying":
      return `Starting ${commit} beside the running version`;
    case "live":
      return deployment.url ? `Live at ${deployment.url}` : "Live";
    case "failed":
      // An image means the build got through, whatever the target started from it.
      return deployment.imageTag ? "Deploy failed: the running version is untouched" : "Build failed: the running version is untouched";
    case "rolled_back":
      return "Health check failed: rolled back, the previous version serves";
    case "cancelled":
      return "Cancelled: not deployed";
    case "superseded":
      return "Superseded by a newer deployment";
  }
}

const connectionFields = { provider: true, repositoryFullName: true, userId: true, ownerId: true } as const;

export type ReportOutcome = { outcome: "sent" | "refused" | "unchanged" | "skipped"; detail?: string };

export async function reportCommitStatus(deploymentId: string): Promise<ReportOutcome> {
  return send(deploymentId).catch((error: unknown) => {
    // The deployment went with its service (a preview stopped or closed) while its status was on the way.
    if (error instanceof Prisma.PrismaClientKnownRequestError && (error.code === "P2003" || error.code === "P2025")) return { outcome: "skipped" as const, detail: "The deployment was removed" };
    throw error;
  });
}

async function send(deploymentId: string): Promise<ReportOutcome> {
  const deployment = await db.deployment.findUnique({
    where: { id: deploymentId },
    include: {
      service: {
        select: {
          name: true,
          ownerId: true,
          connection: { select: connectionFields },
          // A preview reports on its pull request's commit, through the previewed service's connection.
          previewOf: { select: { name: true, connection: { select: connectionFields } } },
          preview: { select: { id: true, number: true } },
        },
      },
    },
  });
  const connection = deployment?.service.connection ?? deployment?.service.previewOf?.connection;
  if (!deployment || !connection || !isOAuthProvider(connection.provider)) return { outcome: "skipped", detail: "Not a repository connected through a provider" };
  if (!deployment.commitSha) return { outcome: "skipped", detail: "The commit is not known yet" };
  const state = STATES[deployment.status];
  if (!state) return { outcome: "skipped", detail: `Nothing to report for a ${deployment.status} deployment` };
  const last = await db.commitStatusReport.findFirst({ where: { deploymentId, outcome: { not: "unreachable" } }, orderBy: { createdAt: "desc" } });
  if (last?.state === state) return { outcome: "unchanged" };

  const { preview, previewOf } = deployment.service;
  const status: CommitStatus = {
    sha: deployment.commitSha,
    state,
    context: previewOf ? `berth/${previewOf.name}/preview` : `berth/${deployment.service.name}`,
    description: describe(deployment),
    targetUrl: new URL(`/deployments/${deployment.id}`, env().NEXTAUTH_URL).toString(),
    environmentUrl: deployment.status === "live" ? deployment.url : null,
    environment: preview ? `preview/pr-${preview.number}` : "production",
  };
  // The pull request's comment follows its preview's deployment.
  if (preview) await enqueue(db, { name: "preview/changed", data: { previewId: preview.id } });
  try {
    const client = await providerClientFor(hookManager(connection), connection.provider);
    await client.reportStatus(connection.repositoryFullName, status, {
      id: deployment.providerDeploymentId,
      remember: async (id) => {
        await db.deployment.update({ where: { id: deploymentId }, data: { providerDeploymentId: id } });
      },
    });
  } catch (error) {
    if (!(error instanceof ProviderError) || error.kind === "unavailable") throw error;
    await record(deployment, connection.provider, state, "refused", error.message);
    return { outcome: "refused", detail: error.message };
  }
  await record(deployment, connection.provider, state, "sent", null);
  return { outcome: "sent" };
}

// The provider could not be reached after every retry: said on the service page, not retried further.
export async function reportUnreachable(deploymentId: string, reason: string): Promise<void> {
  const deployment = await db.deployment.findUnique({
    where: { id: deploymentId },
    select: { id: true, status: true, serviceId: true, service: { select: { ownerId: true, connection: { select: { provider: true } } } } },
  });
  const provider = deployment?.service.connection?.provider;
  const state = deployment && STATES[deployment.status];
  if (!deployment || !provider || !state) return;
  await record(deployment, provider, state, "unreachable", reason);
}

async function record(
  deployment: { id: string; serviceId: string; service: { ownerId: string } },
  provider: GitProvider,
  state: CommitState,
  outcome: CommitStatusReportOutcome,
  detail: string | null,
) {
  await db.commitStatusReport.create({ data: { deploymentId: deployment.id, provider, state, outcome, detail } });
  await publishLive({ type: "deployment", userId: deployment.service.ownerId, serviceId: deployment.serviceId, deploymentId: deployment.id });
}
