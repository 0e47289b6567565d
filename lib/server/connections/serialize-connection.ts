import type { RepositoryConnection } from "@/lib/generated/prisma/client";
import { receiverUrl } from "@/lib/server/connections/webhook-setup";
import { watchesCi } from "@/lib/shared/connections/events";

// A connection as the API shows it: never its secret. A CI-only connection has no service and no branch.
export function serializeConnection(connection: Omit<RepositoryConnection, "webhookSecretEncrypted" | "previousSecretEncrypted">, branch: string | null) {
  return {
    id: connection.id,
    service_id: connection.serviceId,
    deploys: connection.serviceId !== null,
    watches_ci: watchesCi(connection.events),
    provider: connection.provider,
    repository_full_name: connection.repositoryFullName,
    provider_repo_id: connection.providerRepoId,
    branch,
    webhook_url: receiverUrl(connection.provider, connection.serviceId),
    webhook_id: connection.webhookId,
    webhook_status: connection.webhookStatus,
    is_enabled: connection.isEnabled,
    wait_for_ci: connection.waitForCi,
    events: connection.events,
    webhook_created_at: connection.webhookCreatedAt?.toISOString() ?? null,
    webhook_last_delivery_at: connection.webhookLastDeliveryAt?.toISOString() ?? null,
    secret_rotated_at: connection.secretRotatedAt?.toISOString() ?? null,
    last_error: connection.lastError,
  };
}
