// "Send test delivery": a ping signed with the service's current secret, sent over HTTP to its own receiver
// URL, so the answer shows what a provider would get — and it is recorded like any other delivery.
import { createHmac, randomUUID } from "node:crypto";
import { ApiError } from "@/lib/server/api-error";
import { visibleServices, type Actor } from "@/lib/server/auth/access";
import { openWebhookSecret } from "@/lib/server/webhooks/webhook-secret";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import type { WebhookProvider } from "@/lib/server/webhooks/types";

const ZERO_SHA = "0".repeat(40);

// Each provider's own connection test where it has one: GitHub's ping, Gitea's "Test Delivery" (a push of
// an all-zero commit) and Bitbucket Server's diagnostics:ping. GitLab has none (its "Test" re-sends a real
// push, which would deploy), so it gets an event name GitLab never sends, recorded and acted on by nothing.
export function signedPing(provider: WebhookProvider, secret: string, repository: string): { headers: Record<string, string>; body: string } {
  const id = randomUUID();
  const sign = (body: string) => createHmac("sha256", secret).update(body).digest("hex");
  switch (provider) {
    case "github": {
      const body = JSON.stringify({ zen: "Sent from Berth.", hook_id: 0, repository: { full_name: repository } });
      return { body, headers: { "x-github-event": "ping", "x-github-delivery": id, "x-hub-signature-256": `sha256=${sign(body)}` } };
    }
    case "gitea": {
      const commit = { id: ZERO_SHA, message: "Test delivery from Berth", author: { name: "Berth" } };
      const body = JSON.stringify({ ref: "refs/heads/test", after: ZERO_SHA, repository: { full_name: repository }, head_commit: commit, commits: [commit] });
      return { body, headers: { "x-gitea-event": "push", "x-gitea-delivery": id, "x-gitea-signature": sign(body) } };
    }
    case "bitbucket": {
      const body = JSON.stringify({ test: true });
      return { body, headers: { "x-event-key": "diagnostics:ping", "x-request-uuid": id, "x-hub-signature": `sha256=${sign(body)}` } };
    }
    case "gitlab": {
      const body = JSON.stringify({ object_kind: "berth_test", project: { path_with_namespace: repository } });
      return { body, headers: { "x-gitlab-event": "Berth Test Hook", "x-gitlab-event-uuid": id, "x-gitlab-token": secret } };
    }
  }
}

export async function sendTestDelivery(actor: Actor, serviceId: string) {
  const connection = await db.repositoryConnection.findFirst({
    where: { serviceId, service: visibleServices(actor) },
    select: { id: true, provider: true, repositoryFullName: true, webhookSecretEncrypted: true },
  });
  if (!connection) throw new ApiError({ code: "not_found", message: `Service ${serviceId} has no webhook` });
  if (!connection.webhookSecretEncrypted) throw new ApiError({ code: "conflict", message: "This service's webhook is disconnected: it has no secret to sign with" });
  const provider = connection.provider as WebhookProvider;
  const ping = signedPing(provider, openWebhookSecret(connection.webhookSecretEncrypted, connection.id), connection.repositoryFullName);

  const url = `${env().BERTH_INTERNAL_URL}/api/webhooks/${provider}/${serviceId}`;
  const started = performance.now();
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "Berth-Test-Delivery", ...ping.headers },
      body: ping.body,
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    return { provider, status: response.status, ok: response.ok, duration_ms: Math.round(performance.now() - started), body: parseBody(text) };
  } catch (error) {
    throw new ApiError({ code: "bad_gateway", message: `The receiver at ${url} did not answer: ${error instanceof Error ? error.message : String(error)}` });
  }
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text.slice(0, 2000);
  }
}
