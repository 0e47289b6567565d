// Deliveries an attacker holding a webhook secret (a provider, a CI job, any signed-in user who revealed
// their service's secret) or no secret at all would send, through the real route handlers.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { githubDelivery, hmacHex, type Delivery } from "@/test/support/github-delivery";
import { deliver, deliverByRepository, deliverDeployHook, fixture, pushPayload, serviceWithWebhook } from "@/test/support/webhooks";
import { PROVIDERS } from "./providers";
import { replayDelivery } from "./replay-delivery";

// For a file:// or ssh:// remote, git would run this on the host if it took it for its own option.
const OPTION = "--upload-pack=touch /tmp/berth-pwned;git-upload-pack";

const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const parsed = (path: string) => JSON.parse(fixture(path).toString()) as Record<string, unknown>;

type Case = { provider: "github" | "gitlab" | "bitbucket" | "gitea"; branch: string; delivery: (secret: string) => Delivery; field: string };

const cases: Record<string, Case> = {
  GitHub: { provider: "github", branch: "main", delivery: (secret) => githubDelivery(secret, "push", pushPayload("main", OPTION)), field: "after" },
  GitLab: {
    provider: "gitlab",
    branch: "master",
    delivery: (secret) => ({
      body: json({ ...parsed("gitlab/push-event.json"), after: OPTION }),
      headers: { "content-type": "application/json", "x-gitlab-event": "Push Hook", "x-gitlab-token": secret, "idempotency-key": randomUUID() },
    }),
    field: "after",
  },
  "Bitbucket Cloud": {
    provider: "bitbucket",
    branch: "name-of-branch",
    delivery: (secret) => {
      const payload = parsed("bitbucket/repo-push.json") as { push: { changes: { new: { target: Record<string, unknown> } }[] } };
      const change = payload.push.changes[0];
      if (change) change.new.target.hash = OPTION;
      const body = json(payload);
      return { body, headers: { "content-type": "application/json", "x-event-key": "repo:push", "x-request-uuid": randomUUID(), "x-hub-signature": `sha256=${hmacHex(secret, body)}` } };
    },
    field: "push.changes.0.new.target.hash",
  },
  "Bitbucket Server": {
    provider: "bitbucket",
    branch: "feature/wip",
    delivery: (secret) => {
      const payload = parsed("bitbucket-server/repo-refs-changed.json") as { changes: Record<string, unknown>[] };
      const body = json({ ...payload, changes: [{ ...payload.changes[0], toHash: OPTION, type: "UPDATE" }] });
      return { body, headers: { "content-type": "application/json", "x-event-key": "repo:refs_changed", "x-request-id": randomUUID(), "x-hub-signature": `sha256=${hmacHex(secret, body)}` } };
    },
    field: "changes.0.toHash",
  },
  Gitea: {
    provider: "gitea",
    branch: "master",
    delivery: (secret) => {
      const body = json({ ...parsed("gitea/push-event.json"), after: OPTION });
      return { body, headers: { "content-type": "application/json", "x-gitea-event": "push", "x-gitea-delivery": randomUUID(), "x-gitea-signature": hmacHex(secret, body) } };
    },
    field: "after",
  },
};

async function nothingQueued(serviceId: string) {
  expect(await db.deployment.count({ where: { serviceId } })).toBe(0);
  const events = await db.workflowEvent.findMany({ where: { data: { path: ["serviceId"], equals: serviceId } } });
  expect(events).toEqual([]);
}

describe("a signed push whose commit sha is a git option", () => {
  it.each(Object.entries(cases))("%s: refused 400 naming the field, recorded, never queued", async (_name, { provider, branch, delivery, field }) => {
    const { service, secret } = await serviceWithWebhook({ branch }, provider);
    const answer = await deliver(provider, service.id, delivery(secret));
    expect(answer.status).toBe(400);
    expect(answer.body.detail).toContain(`${field}: must be a full lowercase commit sha`);
    expect(answer.body.detail).not.toContain("upload-pack");
    await nothingQueued(service.id);
    const [row] = await db.webhookDelivery.findMany({ where: { serviceId: service.id } });
    expect(row).toMatchObject({ status: "rejected", signatureValid: true, commitSha: null, payload: null });
  });

  it.each(Object.entries(cases))("%s: refused the same way by the receiver that routes by repository", async (_name, { provider, branch, delivery }) => {
    const { service, secret } = await serviceWithWebhook({ branch }, provider);
    const repository = PROVIDERS[provider].repository(JSON.parse(delivery(secret).body.toString()));
    await db.repositoryConnection.update({ where: { serviceId: service.id }, data: { repositoryFullName: repository ?? "" } });
    const answer = await deliverByRepository(provider, delivery(secret));
    expect(answer.status).toBe(400);
    await nothingQueued(service.id);
  });

  it("the deploy hook refuses it too", async () => {
    const { service, secret } = await serviceWithWebhook();
    const body = JSON.stringify({ commit: OPTION });
    const answer = await deliverDeployHook(service.id, { body, headers: { "content-type": "application/json", "x-berth-signature": `sha256=${hmacHex(secret, body)}` } });
    expect(answer.status).toBe(400);
    await nothingQueued(service.id);
  });

  it("a stored delivery carrying one is refused on replay, and the refusal recorded", async () => {
    const { user, service } = await serviceWithWebhook({ branch: "main" });
    // As an earlier version of Berth would have stored it.
    const stored = await db.webhookDelivery.create({
      data: {
        provider: "github",
        deliveryId: randomUUID(),
        serviceId: service.id,
        event: "push",
        signatureValid: true,
        status: "processed",
        headers: { "x-github-event": "push" },
        payload: pushPayload("main", OPTION),
      },
    });
    await expect(replayDelivery(user.id, stored.id)).rejects.toThrow(/^This delivery cannot be replayed: Not a GitHub push payload: after: must be a full lowercase commit sha/);
    await nothingQueued(service.id);
    const refusal = await db.webhookDelivery.findFirst({ where: { replayOfId: stored.id } });
    expect(refusal).toMatchObject({ status: "rejected", signatureValid: true });
  });
});
