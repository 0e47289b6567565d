// "Connect a repository": the service, its connection with a fresh secret, and the provider's hook.
import { randomUUID } from "node:crypto";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { providerClientFor } from "@/lib/server/providers/provider-client";
import { providerEndpoints } from "@/lib/server/providers/endpoints";
import { ProviderError, type RepositorySummary } from "@/lib/server/providers/types";
import { createService } from "@/lib/server/services/create-service";
import { serviceNameFor } from "@/lib/shared/services/service-name";
import type { ConnectRepositoryInput } from "@/lib/shared/validations/connection";
import { generateWebhookSecret } from "@/lib/server/connections/webhook-setup";
import { installWebhook } from "./install-webhook";
import { sealWebhookSecret } from "@/lib/server/webhooks/webhook-secret";
import { serializeConnection } from "./serialize-connection";

const DEFAULT_EVENTS: Record<ConnectRepositoryInput["provider"], string[]> = {
  // CI events too: failed runs become incidents (lib/server/ci).
  github: ["push", "pull_request", "workflow_run", "workflow_job"],
  gitlab: ["push", "pipeline"],
  bitbucket: ["push", "pipeline"],
  gitea: ["push"],
};

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

  const service = await createService(userId, {
    name: input.name ?? serviceNameFor(repository.fullName),
    provider: input.provider,
    repository_full_name: repository.fullName,
    clone_url: repository.cloneUrl,
    branch: input.branch ?? repository.defaultBranch ?? "main",
    deploy_tags: false,
    git_auth: null,
    build: input.build,
    runtime: input.runtime,
  });

  const connectionId = randomUUID();
  const connection = await db.repositoryConnection.create({
    data: {
      id: connectionId,
      serviceId: service.id,
      userId,
      provider: input.provider,
      providerRepoId: repository.id || null,
      repositoryFullName: repository.fullName,
      webhookSecretEncrypted: sealWebhookSecret(generateWebhookSecret(), connectionId),
      events: input.webhook_events ?? DEFAULT_EVENTS[input.provider],
    },
  });
  const failure: ProviderError | null = unreachable;
  const installed = failure
    ? await db.repositoryConnection.update({ where: { id: connection.id }, data: { webhookStatus: "failed", lastError: (failure as ProviderError).message } })
    : input.setup_webhook
      ? await installWebhook(userId, connection.id)
      : connection;
  return { service, connection: serializeConnection(installed, service.branch) };
}

function conventionalCloneUrl(provider: ConnectRepositoryInput["provider"], fullName: string): string {
  const config = env();
  const { web } = providerEndpoints(config)[provider];
  return `${web}/${fullName}.git`;
}
