// A hook can stop delivering without anyone being told: GitLab disables one whose deliveries failed 4 times in a
// row, anyone can untick "active", GitHub keeps a failing hook but stops nothing. Every BERTH_RECONCILE_MINUTES
// each connection's hook is read through the provider's API; one that is disabled, failing or gone turns the
// connection failed with the provider's reason and tells its owner once. Re-enabling (reenableWebhook) switches it
// on again at the provider, in place.
import type { Actor } from "@/lib/server/auth/access";
import { db } from "@/lib/server/db";
import { logger } from "@/lib/server/logger";
import { notify } from "@/lib/server/notifications/notify";
import { hookManager, providerClientFor } from "@/lib/server/providers/provider-client";
import type { HookHealth } from "@/lib/server/providers/types";
import { openWebhookSecret } from "@/lib/server/webhooks/webhook-secret";
import { HOOK_WATCH_PREFIX } from "@/lib/shared/connections/hook-watch";
import { PROVIDER_LABELS, type OAuthProvider } from "@/lib/shared/providers/labels";
import { ApiError } from "@/lib/server/api-error";
import { getConnectionOrThrow } from "./get-connection-or-throw";
import { updateProviderHook } from "./install-webhook";
import { serializeConnection } from "./serialize-connection";


export type HookWatch = { checked: number; failed: string[]; recovered: string[]; problems: string[] };

export async function watchHookHealth(): Promise<HookWatch> {
  const result: HookWatch = { checked: 0, failed: [], recovered: [], problems: [] };
  const connections = await db.repositoryConnection.findMany({
    where: { isEnabled: true, webhookId: { not: null }, provider: { not: "git" } },
    include: { service: { select: { id: true, name: true } } },
  });
  for (const connection of connections) {
    const provider = connection.provider as OAuthProvider;
    let health: HookHealth;
    try {
      const client = await providerClientFor(hookManager(connection), provider);
      health = await client.hookHealth(connection.repositoryFullName, connection.webhookId ?? "");
    } catch (error) {
      result.problems.push(`${connection.repositoryFullName}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    result.checked++;
    const watchedFailure = connection.webhookStatus === "failed" && connection.lastError?.startsWith(HOOK_WATCH_PREFIX);
    if (health.state === "ok") {
      if (watchedFailure) {
        await db.repositoryConnection.update({ where: { id: connection.id }, data: { webhookStatus: "active", lastError: null } });
        result.recovered.push(connection.repositoryFullName);
      }
      continue;
    }
    const lastError = `${HOOK_WATCH_PREFIX} ${health.reason ?? health.state}`;
    if (connection.webhookStatus === "failed" && connection.lastError === lastError) continue;
    await db.repositoryConnection.update({ where: { id: connection.id }, data: { webhookStatus: "failed", lastError } });
    await notify({
      type: "webhook_failed",
      ...(connection.serviceId ? { serviceId: connection.serviceId } : { serviceId: null, userId: connection.ownerId }),
      severity: "error",
      message: `The ${PROVIDER_LABELS[provider]} webhook of ${connection.repositoryFullName} no longer delivers pushes: ${health.reason ?? health.state}. Re-enable it on the service's page.`,
    });
    result.failed.push(connection.repositoryFullName);
  }
  if (result.failed.length > 0 || result.recovered.length > 0) logger.warn({ component: "hook-watch", ...result }, "providers' hooks changed state");
  return result;
}

// Switches the hook on again at the provider (GitLab re-enables a hook that is edited; the others take active:
// true), with the connection's current secret and events, then reads its state back.
export async function reenableWebhook(actor: Actor, id: string) {
  const connection = await getConnectionOrThrow(actor, id);
  const full = await db.repositoryConnection.findUniqueOrThrow({ where: { id: connection.id }, omit: { webhookSecretEncrypted: false } });
  if (!full.webhookId || !full.webhookSecretEncrypted || full.provider === "git") {
    throw new ApiError({ code: "conflict", message: "This connection has no provider hook to re-enable: create it again instead" });
  }
  await updateProviderHook(full, openWebhookSecret(full.webhookSecretEncrypted, full.id), full.events);
  const client = await providerClientFor(hookManager(full), full.provider);
  const health = await client.hookHealth(full.repositoryFullName, full.webhookId);
  const updated = await db.repositoryConnection.update({
    where: { id: full.id },
    data: health.state === "ok" ? { webhookStatus: "active", lastError: null } : { webhookStatus: "failed", lastError: `${HOOK_WATCH_PREFIX} ${health.reason ?? health.state}` },
  });
  return serializeConnection(updated, connection.service?.branch ?? null);
}
