// What a user pastes into the provider's settings: the receiver URL, the secret (created on first ask and
// stored sealed) and the steps for that provider's page.
import { randomBytes, randomUUID } from "node:crypto";
import type { Actor } from "@/lib/server/auth/access";
import { openWebhookSecret, sealWebhookSecret } from "@/lib/server/webhooks/webhook-secret";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { getServiceOrThrow } from "@/lib/server/services/get-service-or-throw";
import { standardWebhooksSecret } from "@/lib/server/webhooks/deploy-hook";
import type { WebhookProvider } from "@/lib/server/webhooks/types";

// Where a provider delivers a connection's webhooks, as the outside world reaches Berth: a service's own
// receiver, or (a CI-only connection) the one that finds connections by the payload's repository.
export function receiverUrl(provider: string, serviceId: string | null): string {
  return `${publicBase()}/api/webhooks/${provider}${serviceId ? `/${serviceId}` : ""}`;
}

const publicBase = () => env().NEXTAUTH_URL.replace(/\/+$/, "");

export function generateWebhookSecret(): string {
  return randomBytes(32).toString("hex");
}

export async function getWebhookSetup(actor: Actor, serviceId: string, provider: WebhookProvider) {
  const service = await getServiceOrThrow(actor, serviceId);
  const existing = await db.repositoryConnection.findUnique({ where: { serviceId: service.id }, omit: { webhookSecretEncrypted: false } });
  let secret = existing?.webhookSecretEncrypted ? openWebhookSecret(existing.webhookSecretEncrypted, existing.id) : null;
  if (!secret) {
    secret = generateWebhookSecret();
    const id = existing?.id ?? randomUUID();
    await db.repositoryConnection.upsert({
      where: { serviceId: service.id },
      create: {
        id,
        serviceId: service.id,
        ownerId: service.ownerId,
        provider,
        repositoryFullName: service.repositoryFullName ?? service.slug,
        webhookSecretEncrypted: sealWebhookSecret(secret, id),
      },
      update: { webhookSecretEncrypted: sealWebhookSecret(secret, id) },
    });
  }

  const base = publicBase();
  const url = receiverUrl(provider, service.id);
  return {
    provider,
    url,
    secret,
    content_type: "application/json",
    events: ["push"],
    instructions: instructions(provider, url, service.branch),
    deploy_hook: {
      url: `${base}/api/hooks/deploy/${service.id}`,
      signature_header: "X-Berth-Signature: sha256=<hex HMAC-SHA256 of the body>",
      standard_webhooks_secret: standardWebhooksSecret(secret),
    },
  };
}

function instructions(provider: WebhookProvider, url: string, branch: string): string[] {
  switch (provider) {
    case "github":
      return [
        "Open the repository on GitHub → Settings → Webhooks → Add webhook.",
        `Payload URL: ${url}`,
        "Content type: application/json.",
        "Secret: the secret shown here.",
        "Which events: “Let me select individual events” → Pushes, and Workflow runs and Workflow jobs for CI incidents (Pull requests if you want them recorded).",
        "Keep “Active” ticked and save. GitHub sends a ping at once; Berth answers it and marks the webhook active.",
      ];
    case "gitlab":
      return [
        "Open the project on GitLab → Settings → Webhooks → Add new webhook.",
        `URL: ${url}`,
        "Secret token: the secret shown here.",
        `Trigger: Push events (optionally filtered to the branch ${branch}); Tag push events if the service deploys tags; Pipeline events for CI incidents.`,
        "Keep SSL verification on and save. Test → Push events sends a delivery of the branch's latest commit.",
      ];
    case "bitbucket":
      return [
        "Open the repository on Bitbucket → Repository settings → Webhooks → Add webhook.",
        "Title: Berth.",
        `URL: ${url}`,
        "Secret: the secret shown here.",
        "Triggers: Repository → Push. Save.",
        "Bitbucket Server / Data Center: Repository settings → Webhooks → Create webhook, same URL and secret, event Repository → Push; “Test connection” is answered as a ping.",
      ];
    case "gitea":
      return [
        "Open the repository on Gitea or Forgejo → Settings → Webhooks → Add webhook → Gitea (Forgejo).",
        `Target URL: ${url}`,
        "HTTP method: POST; POST content type: application/json.",
        "Secret: the secret shown here.",
        `Trigger on: Push events; branch filter: ${branch}.`,
        "Save, then “Test delivery”: Berth answers it as a ping and deploys nothing.",
      ];
  }
}
