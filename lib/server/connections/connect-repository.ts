// "Connect a repository": the service (unless it only watches CI), its connection with a fresh secret, and
// the provider's hook.
import { randomUUID } from "node:crypto";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { providerClientFor } from "@/lib/server/providers/provider-client";
import { providerEndpoints } from "@/lib/server/providers/endpoints";
import { ProviderError, type RepositorySummary } from "@/lib/server/providers/types";
import { createService } from "@/lib/server/services/create-service";
import { serviceNameFor } from "@/lib/shared/services/service-name";
import { createServiceSchema } from "@/lib/shared/validations/service";
import type { ConnectMode, ConnectRepositoryInput } from "@/lib/shared/validations/connection";
import { watchesCi, type WebhookEvent } from "@/lib/shared/connections/events";
import type { OAuthProvider } from "@/lib/shared/providers/labels";
import { ApiError } from "@/lib/server/api-error";
import { generateWebhookSecret } from "@/lib/server/connections/webhook-setup";
import { installWebhook } from "./install-webhook";
import { sealWebhookSecret } from "@/lib/server/webhooks/webhook-secret";
import { serializeConnection } from "./serialize-connection";

// The hook's events by what the connection is for. Pull requests build previews once the service turns
// them on (lib/server/previews); CI events make failed runs incidents (lib/server/ci) and queued GitHub jobs
// runners (lib/server/runners).
const DEPLOY_EVENTS: Record<OAuthProvider, WebhookEvent[]> = {
  github: ["push", "pull_request"],
  gitlab: ["push", "pull_request"],
  bitbucket: ["push", "pull_request"],
  gitea: ["push", "pull_request"],
};
const CI_EVENTS: Record<OAuthProvider, WebhookEvent[]> = {
  github: ["workflow_run", "workflow_job"],
  // GitLab's pipeline and job hooks; Bitbucket's build statuses.
  gitlab: ["pipeline"],
  bitbucket: ["pipeline"],
  gitea: ["workflow_run", "workflow_job"],
};

function defaultEvents(provider: OAuthProvider, mode: ConnectMode): WebhookEvent[] {
  if (mode === "deploy") return DEPLOY_EVENTS[provider];
  if (mode === "ci") return CI_EVENTS[provider];
  return [...DEPLOY_EVENTS[provider], ...CI_EVENTS[provider]];
}

export async function connectRepository(userId: string, input: ConnectRepositoryInput) {
  const client = await providerClientFor(userId, input.provider);
  // An unreachable provider does not stop the connection: it is made from what the user gave, marked
  // failed, and the webhook can be retried. Any other refusal (no such repository, no access) does.
  let unreachable: ProviderError | null = null;
  const repository = await client.getRepository(input.repository_full_name).catch((error: unknown): RepositorySummary => {
    if (!(error instanceof ProviderError && error.kind === "unavailable")) throw error;
    unreachable = error;
    return { id: "", fullName: input.repository_full_name, defaultBranch: null, private: true, cloneUrl: conventionalCloneUrl(input.provider, input.repository_full_name) };
  });
  const events = input.webhook_events ?? defaultEvents(input.provider, input.mode);
  if (watchesCi(events)) await assertCiNotWatched(userId, input.provider, repository.fullName);

  const service =
    input.mode === "ci"
      ? null
      : await createService(userId, {
          name: input.name ?? serviceNameFor(repository.fullName),
          provider: input.provider,
          repository_full_name: repository.fullName,
          clone_url: repository.cloneUrl,
          branch: input.branch ?? repository.defaultBranch ?? "main",
          deploy_tags: false,
          git_auth: null,
          build: createServiceSchema.shape.build.parse(input.build),
          runtime: createServiceSchema.shape.runtime.parse(input.runtime),
          target: createServiceSchema.shape.target.parse(input.target),
        });

  const connectionId = randomUUID();
  const connection = await db.repositoryConnection.create({
    data: {
      id: connectionId,
      serviceId: service?.id ?? null,
      ownerId: userId,
      userId,
      provider: input.provider,
      providerRepoId: repository.id || null,
      repositoryFullName: repository.fullName,
      webhookSecretEncrypted: sealWebhookSecret(generateWebhookSecret(), connectionId),
      events,
    },
  });
  const failure: ProviderError | null = unreachable;
  const installed = failure
    ? await db.repositoryConnection.update({ where: { id: connection.id }, data: { webhookStatus: "failed", lastError: (failure as ProviderError).message } })
    : input.setup_webhook
      ? await installWebhook(userId, connection.id)
      : connection;
  return { service, connection: serializeConnection(installed, service?.branch ?? null) };
}

// A second connection watching the same repository's CI would count every run twice.
async function assertCiNotWatched(ownerId: string, provider: OAuthProvider, repository: string) {
  const watching = await db.repositoryConnection.findMany({
    // Still connected (a paused one counts: it is one switch from counting again).
    where: { ownerId, provider, repositoryFullName: { equals: repository, mode: "insensitive" }, webhookSecretEncrypted: { not: null } },
    select: { events: true, service: { select: { name: true } } },
  });
  const other = watching.find((connection) => watchesCi(connection.events));
  if (other) {
    const where = other.service ? `service ${other.service.name}` : "a CI-only connection";
    throw new ApiError({ code: "conflict", message: `The CI of ${repository} is already watched by ${where}: connect with mode deploy, or disconnect that one first` });
  }
}

function conventionalCloneUrl(provider: OAuthProvider, fullName: string): string {
  const config = env();
  const { web } = providerEndpoints(config)[provider];
  return `${web}/${fullName}.git`;
}
