// Deliveries an attacker holding a webhook secret (a provider, a CI job, any signed-in user who revealed
// their service's secret) or no secret at all would send, through the real route handlers.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { metrics } from "@/lib/server/metrics";
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
    await expect(replayDelivery(user, stored.id)).rejects.toThrow(/^This delivery cannot be replayed: Not a GitHub push payload: after: must be a full lowercase commit sha/);
    await nothingQueued(service.id);
    const refusal = await db.webhookDelivery.findFirst({ where: { replayOfId: stored.id } });
    expect(refusal).toMatchObject({ status: "rejected", signatureValid: true });
  });
});

// A body that counts what the receiver pulls from it: 25 MB in 64 KB chunks.
function countedBody(total = 25 * 1024 * 1024) {
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled += chunk.byteLength;
      controller.enqueue(chunk);
      if (pulled >= total) controller.close();
    },
  });
  return { stream, pulled: () => pulled };
}

async function sendStream(url: string, headers: Record<string, string>, stream: ReadableStream<Uint8Array>) {
  const request = new Request(url, { method: "POST", body: stream, headers: { "x-berth-client-address": "2001:db8:25:25::1", ...headers }, duplex: "half" } as RequestInit);
  const [, , provider, serviceId] = new URL(url).pathname.split("/").slice(1);
  const { POST } = await import("@/app/api/webhooks/[provider]/[serviceId]/route");
  return POST(request, { params: Promise.resolve({ provider: provider ?? "", serviceId: serviceId ?? "" }) });
}

describe("what a receiver reads before it knows it should", () => {
  it("answers 25 MB for an unknown service, an unsigned one or the wrong content type without reading the body", async () => {
    const { service } = await serviceWithWebhook();
    const cases: { url: string; headers: Record<string, string>; status: number }[] = [
      { url: "http://berth.test/api/webhooks/github/cm0nosuchservice000000000", headers: { "content-type": "application/json", "x-hub-signature-256": "sha256=00" }, status: 404 },
      { url: `http://berth.test/api/webhooks/github/${service.id}`, headers: { "content-type": "application/json" }, status: 401 },
      { url: `http://berth.test/api/webhooks/github/${service.id}`, headers: { "content-type": "text/plain", "x-hub-signature-256": "sha256=00" }, status: 415 },
    ];
    for (const { url, headers, status } of cases) {
      const body = countedBody();
      const response = await sendStream(url, { "x-github-event": "push", ...headers }, body.stream);
      expect(response.status).toBe(status);
      // A stream may have its first chunk pulled ahead; nothing past that is read.
      expect(body.pulled()).toBeLessThanOrEqual(128 * 1024);
    }
  });

  it("reads at most 256 KB from a sender past its failure allowance, and still takes its small verified deliveries", async () => {
    const { service, secret } = await serviceWithWebhook({ branch: "main" });
    const address = "2001:db8:bad:1::1";
    for (let attempt = 0; attempt < 31; attempt++) await deliver("github", service.id, { ...githubDelivery("wrong", "ping", {}), address });
    const big = countedBody();
    const response = await sendStream(`http://berth.test/api/webhooks/github/${service.id}`, {
      "content-type": "application/json",
      "x-github-event": "push",
      "x-hub-signature-256": "sha256=00",
      "x-berth-client-address": address,
    }, big.stream);
    expect(response.status).toBe(429);
    expect(big.pulled()).toBeLessThanOrEqual(256 * 1024 + 128 * 1024);
    const small = await deliver("github", service.id, { ...githubDelivery(secret, "push", pushPayload("main", "c".repeat(40))), address });
    expect(small.status).toBe(202);
  });

  it("writes at most 10 refusals a minute per address to the audit log and counts the rest", async () => {
    const { service } = await serviceWithWebhook();
    const address = "2001:db8:f100:d::1";
    const unrecorded = async () => (await metrics.webhookRefusalsUnrecorded.get()).values[0]?.value ?? 0;
    const before = await unrecorded();
    for (let attempt = 0; attempt < 15; attempt++) {
      expect((await deliver("github", service.id, { ...githubDelivery("wrong", "ping", {}), address })).status).toBe(401);
    }
    expect(await db.webhookDelivery.count({ where: { serviceId: service.id } })).toBe(10);
    expect((await unrecorded()) - before).toBe(5);
  });

  it("labels metrics with documented event names only, even for a sender holding the secret", async () => {
    const { service, secret } = await serviceWithWebhook();
    const name = `made-up-${randomUUID()}`;
    expect((await deliver("github", service.id, githubDelivery(secret, name, { zen: "x" }))).body).toMatchObject({ status: "received" });
    const text = await metrics.registry.metrics();
    expect(text).not.toContain(name);
    expect(text).toContain('webhook_events_total{provider="github",event="other",status="received"}');
  });

  it("keeps a 3 MB push trimmed to 1 MB with a note, deploys it, and can replay what it kept", async () => {
    const { user, service, secret } = await serviceWithWebhook({ branch: "main" });
    const sha = "d".repeat(40);
    const payload = pushPayload("main", sha, "A push of many commits");
    const commit = { id: sha, message: "m".repeat(1000), author: { name: "Jane" }, added: Array.from({ length: 100 }, (_, index) => `src/generated/file-${index}.ts`) };
    const big = { ...payload, commits: Array.from({ length: 900 }, () => commit) };
    const delivery = githubDelivery(secret, "push", big);
    expect(delivery.body.length).toBeGreaterThan(3 * 1024 * 1024);
    expect((await deliver("github", service.id, delivery)).status).toBe(202);
    const [row] = await db.webhookDelivery.findMany({ where: { serviceId: service.id } });
    expect(JSON.stringify(row?.payload).length).toBeLessThanOrEqual(1024 * 1024);
    expect(row?.payload).toMatchObject({ after: sha, ref: "refs/heads/main", _berth: { truncated: true, received_bytes: delivery.body.length } });
    await db.deployment.updateMany({ where: { serviceId: service.id }, data: { status: "failed" } });
    const replayed = await replayDelivery(user, row?.id ?? "");
    expect(replayed.body).toMatchObject({ status: "queued" });
  });
});
