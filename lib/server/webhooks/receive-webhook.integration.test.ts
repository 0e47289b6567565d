import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { workflowRun } from "@/test/support/ci-runs";
import { githubDelivery, hmacHex } from "@/test/support/github-delivery";
import {
  deliver,
  deliverByRepository,
  fixture,
  githubExample,
  pushPayload,
  randomSha,
  serviceWithWebhook,
} from "@/test/support/webhooks";

const deploymentsOf = (serviceId: string) => db.deployment.findMany({ where: { serviceId }, orderBy: { createdAt: "asc" } });
const deliveriesOf = (serviceId: string) => db.webhookDelivery.findMany({ where: { serviceId }, orderBy: { receivedAt: "asc" } });

describe("GitHub deliveries, recorded payloads through the real route handler", () => {
  it("queues a deployment for a push to the watched branch, with its audit row and workflow event", async () => {
    const { service, secret } = await serviceWithWebhook({ branch: "master" });
    const sha = randomSha();
    const delivery = githubDelivery(secret, "push", pushPayload("master", sha, "Fix the login page"));
    const answer = await deliver("github", service.id, delivery);

    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({ status: "queued", deployment_id: expect.any(String) });
    const [deployment] = await deploymentsOf(service.id);
    expect(deployment).toMatchObject({
      id: answer.body.deployment_id,
      status: "queued",
      trigger: "webhook",
      commitSha: sha,
      commitMessage: "Fix the login page",
      ref: "refs/heads/master",
    });
    expect(deployment?.commitAuthor).toBeTruthy();
    const [row] = await deliveriesOf(service.id);
    expect(row).toMatchObject({
      provider: "github",
      deliveryId: delivery.headers["x-github-delivery"],
      event: "push",
      repository: "Codertocat/Hello-World",
      ref: "refs/heads/master",
      commitSha: sha,
      signatureValid: true,
      status: "queued",
    });
    expect(row?.answeredInMs).toBeGreaterThanOrEqual(0);
    expect(row?.payload).toMatchObject({ after: sha });
    expect(row?.headers).toMatchObject({ "x-github-event": "push" });
    const event = await db.workflowEvent.findFirst({ where: { data: { path: ["deploymentId"], equals: deployment?.id ?? "" } } });
    expect(event).toMatchObject({ name: "deploy/requested", data: { deploymentId: deployment?.id, serviceId: service.id } });
    const connection = await db.repositoryConnection.findUniqueOrThrow({ where: { serviceId: service.id } });
    expect(connection.webhookLastDeliveryAt).not.toBeNull();
  });

  it("tells the owner a push was received and is being deployed, once, however often it is delivered", async () => {
    const { user, service, secret } = await serviceWithWebhook({ branch: "master" });
    const sha = randomSha();
    const delivery = githubDelivery(secret, "push", pushPayload("master", sha));
    expect((await deliver("github", service.id, delivery)).status).toBe(202);
    expect((await deliver("github", service.id, delivery)).body.status).toBe("duplicate");
    const received = await db.notification.findMany({ where: { userId: user.id, type: "webhook_received" } });
    expect(received).toMatchObject([{ serviceId: service.id, severity: "info", message: expect.stringMatching(new RegExp(`^Push to master at ${sha.slice(0, 7)} by .+ received: deploying ${service.name}$`)) }]);
    expect(received[0]?.deploymentId).toBe((await deploymentsOf(service.id))[0]?.id);
  });

  it("answers ping with pong and marks the webhook active", async () => {
    const { service, secret } = await serviceWithWebhook();
    const answer = await deliver("github", service.id, githubDelivery(secret, "ping", githubExample("ping")));
    expect(answer).toMatchObject({ status: 200, body: { status: "pong" } });
    expect((await db.repositoryConnection.findUniqueOrThrow({ where: { serviceId: service.id } })).webhookStatus).toBe("active");
  });

  it("answers pull_request (opened) for a service without previews: recorded, nothing built", async () => {
    const { service, secret } = await serviceWithWebhook();
    const answer = await deliver("github", service.id, githubDelivery(secret, "pull_request", githubExample("pull_request", (payload) => payload.action === "opened")));
    const message = `Previews are off for ${service.name}: pull request #2 builds nothing`;
    expect(answer).toMatchObject({ status: 200, body: { status: "ignored", message } });
    expect(await deploymentsOf(service.id)).toEqual([]);
    expect((await deliveriesOf(service.id))[0]).toMatchObject({ status: "ignored", event: "pull_request", action: "opened", reason: message });
  });

  it.each([
    ["workflow_run", "completed"],
    ["workflow_job", "queued"],
  ])("tracks %s (%s) as a CI run without deploying", async (event, action) => {
    const { service, secret } = await serviceWithWebhook();
    const answer = await deliver("github", service.id, githubDelivery(secret, event, githubExample(event, (payload) => payload.action === action)));
    expect(answer).toMatchObject({ status: 200, body: { status: "processed", message: expect.any(String) } });
    expect(await deploymentsOf(service.id)).toEqual([]);
    expect((await deliveriesOf(service.id))[0]).toMatchObject({ status: "processed", event, action });
    expect(await db.ciRun.count({ where: { connection: { serviceId: service.id } } })).toBe(1);
  });

  it.each([
    ["a push to another branch", () => pushPayload("feature/x", randomSha()), "Push to 'feature/x' ignored (only 'master' triggers deployment)"],
    ["a tag push", () => githubExample("push", (payload) => payload.ref === "refs/tags/simple-tag" && payload.deleted === false), "Tag push 'simple-tag' ignored (this service does not deploy tags)"],
    ["a branch deletion", () => ({ ...pushPayload("master", "0".repeat(40)), deleted: true, head_commit: null }), "'master' was deleted; the running version keeps serving"],
    ["a SHA-256 repository's deletion", () => ({ ...pushPayload("master", "0".repeat(64)), head_commit: null }), "'master' was deleted; the running version keeps serving"],
    ["[skip ci]", () => pushPayload("master", "abcdef1234567890abcdef1234567890abcdef12", "Docs only [skip ci]"), "Commit abcdef1 asks to skip deployment ([skip ci])"],
    ["[skip deploy]", () => pushPayload("master", "abcdef1234567890abcdef1234567890abcdef12", "WIP [Skip Deploy]"), "Commit abcdef1 asks to skip deployment ([Skip Deploy])"],
  ])("ignores %s with the reason", async (_case, payload, message) => {
    const { service, secret } = await serviceWithWebhook({ branch: "master" });
    const answer = await deliver("github", service.id, githubDelivery(secret, "push", payload()));
    expect(answer).toMatchObject({ status: 200, body: { status: "ignored", message } });
    expect(await deploymentsOf(service.id)).toEqual([]);
  });

  it("deploys tags when the service says so", async () => {
    const { service, secret } = await serviceWithWebhook({ branch: "master", deploy_tags: true });
    const tag = githubExample("push", (payload) => payload.ref === "refs/tags/simple-tag" && payload.deleted === false);
    expect((await deliver("github", service.id, githubDelivery(secret, "push", tag))).status).toBe(202);
  });

  it("treats the same delivery id as a duplicate and the same commit as already deployed", async () => {
    const { service, secret } = await serviceWithWebhook({ branch: "master" });
    const sha = randomSha();
    const first = githubDelivery(secret, "push", pushPayload("master", sha));
    const queued = await deliver("github", service.id, first);
    expect(queued.status).toBe(202);

    expect(await deliver("github", service.id, first)).toMatchObject({
      status: 200,
      body: { status: "duplicate", message: `Delivery ${first.headers["x-github-delivery"]} was already received` },
    });
    const retried = githubDelivery(secret, "push", pushPayload("master", sha));
    expect(await deliver("github", service.id, retried)).toMatchObject({
      status: 200,
      body: { status: "skipped", message: `Deployment for commit ${sha.slice(0, 7)} already exists`, deployment_id: queued.body.deployment_id },
    });
    expect(await deploymentsOf(service.id)).toHaveLength(1);
    expect((await deliveriesOf(service.id)).map((row) => row.status)).toEqual(["queued", "duplicate", "skipped"]);
  });

  it("accepts GitHub's form-encoded bodies, verified over the form bytes", async () => {
    const { service, secret } = await serviceWithWebhook({ branch: "master" });
    const body = `payload=${encodeURIComponent(JSON.stringify(pushPayload("master", randomSha())))}`;
    const answer = await deliver("github", service.id, {
      body,
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-github-event": "push",
        "x-github-delivery": randomUUID(),
        "x-hub-signature-256": `sha256=${hmacHex(secret, body)}`,
      },
    });
    expect(answer.status).toBe(202);
  });

  it("deploys branches with slashes and non-ASCII names", async () => {
    const branch = "release/été-🚀";
    const { service, secret } = await serviceWithWebhook({ branch });
    const answer = await deliver("github", service.id, githubDelivery(secret, "push", pushPayload(branch, randomSha())));
    expect(answer.status).toBe(202);
    expect((await deploymentsOf(service.id))[0]?.ref).toBe(`refs/heads/${branch}`);
  });

  it("answers a disabled connection with 200 disabled and deploys nothing", async () => {
    const { service, secret } = await serviceWithWebhook({ branch: "master" });
    await db.repositoryConnection.update({ where: { serviceId: service.id }, data: { isEnabled: false } });
    const answer = await deliver("github", service.id, githubDelivery(secret, "push", pushPayload("master", randomSha())));
    expect(answer).toEqual({ status: 200, body: { status: "disabled" }, headers: expect.anything() });
    expect(await deploymentsOf(service.id)).toEqual([]);
  });
});

describe("refusals", () => {
  const signedPush = async () => {
    const setup = await serviceWithWebhook({ branch: "master" });
    return { ...setup, delivery: githubDelivery(setup.secret, "push", pushPayload("master", randomSha())) };
  };

  it.each([
    ["a tampered body", (d: { body: Buffer; headers: Record<string, string> }) => ({ ...d, body: Buffer.from(d.body.toString().replace("Hello-World", "Hello-Werld")) })],
    ["a wrong secret", (d: { body: Buffer; headers: Record<string, string> }) => ({ ...d, headers: { ...d.headers, "x-hub-signature-256": `sha256=${hmacHex("not the secret", d.body)}` } })],
    ["a missing signature", (d: { body: Buffer; headers: Record<string, string> }) => ({ ...d, headers: { ...d.headers, "x-hub-signature-256": "" } })],
    ["a sha1= signature", (d: { body: Buffer; headers: Record<string, string> }) => ({ ...d, headers: { ...d.headers, "x-hub-signature-256": d.headers["x-hub-signature-256"]!.replace("sha256=", "sha1=") } })],
    ["a truncated signature", (d: { body: Buffer; headers: Record<string, string> }) => ({ ...d, headers: { ...d.headers, "x-hub-signature-256": d.headers["x-hub-signature-256"]!.slice(0, -2) } })],
    ["an over-long signature", (d: { body: Buffer; headers: Record<string, string> }) => ({ ...d, headers: { ...d.headers, "x-hub-signature-256": `${d.headers["x-hub-signature-256"]}00` } })],
    ["a signature with trailing non-hex", (d: { body: Buffer; headers: Record<string, string> }) => ({ ...d, headers: { ...d.headers, "x-hub-signature-256": `${d.headers["x-hub-signature-256"]!.slice(0, -2)}zz` } })],
    [
      "a signature over re-serialized JSON",
      (d: { body: Buffer; headers: Record<string, string> }) => {
        const reserialized = JSON.stringify(JSON.parse(d.body.toString()), null, 2);
        return { ...d, headers: { ...d.headers, "x-hub-signature-256": `sha256=${hmacHex("", "") && hmacHex(SECRET.value, reserialized)}` } };
      },
    ],
  ])("refuses %s with 401, records only an audit row", async (_case, tamper) => {
    const { service, secret, delivery } = await signedPush();
    SECRET.value = secret;
    const answer = await deliver("github", service.id, { ...tamper(delivery), address: `198.51.100.${Math.floor(Math.random() * 250)}` });
    expect(answer).toMatchObject({ status: 401, body: { detail: "Invalid webhook signature" } });
    expect(await deploymentsOf(service.id)).toEqual([]);
    const rows = await deliveriesOf(service.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "rejected", signatureValid: false, payload: null });
  });

  it("answers an unknown service with 404", async () => {
    const { secret } = await serviceWithWebhook();
    const answer = await deliver("github", "no-such-service", githubDelivery(secret, "ping", githubExample("ping")));
    expect(answer).toMatchObject({ status: 404, body: { detail: "Service no-such-service not found" } });
  });

  it("answers an unknown provider with 404", async () => {
    const { service, secret } = await serviceWithWebhook();
    const answer = await deliver("subversion", service.id, githubDelivery(secret, "ping", githubExample("ping")));
    expect(answer.status).toBe(404);
    expect(answer.body.detail).toMatch(/^Unknown provider 'subversion'/);
  });

  it("refuses a body over 25 MB with 413 without reading it all", async () => {
    const { service, secret } = await serviceWithWebhook();
    const body = Buffer.alloc(25 * 1024 * 1024 + 1, 0x20);
    const answer = await deliver("github", service.id, githubDelivery(secret, "push", {}, { "x-hub-signature-256": `sha256=${hmacHex(secret, body)}` }) && { body, headers: { "content-type": "application/json", "x-github-event": "push", "x-hub-signature-256": `sha256=${hmacHex(secret, body)}` } });
    expect(answer.status).toBe(413);
  });

  it("refuses an unsupported content type with 415", async () => {
    const { service, secret } = await serviceWithWebhook();
    const delivery = githubDelivery(secret, "ping", githubExample("ping"), { "content-type": "text/plain" });
    expect((await deliver("github", service.id, delivery)).status).toBe(415);
  });

  it("refuses malformed JSON after a valid signature with 400", async () => {
    const { service, secret } = await serviceWithWebhook();
    const body = Buffer.from('{"ref": "refs/heads/main", oops');
    const answer = await deliver("github", service.id, {
      body,
      headers: { "content-type": "application/json", "x-github-event": "push", "x-github-delivery": randomUUID(), "x-hub-signature-256": `sha256=${hmacHex(secret, body)}` },
    });
    expect(answer).toMatchObject({ status: 400, body: { detail: "Malformed JSON" } });
    expect((await deliveriesOf(service.id))[0]).toMatchObject({ status: "rejected", signatureValid: true, reason: "Malformed JSON" });
  });

  it("slows down a sender of bad signatures with 429, yet still takes its verified deliveries", async () => {
    const { service, secret } = await serviceWithWebhook({ branch: "master" });
    const address = "192.0.2.77";
    const forged = { ...githubDelivery("wrong secret", "ping", githubExample("ping")), address };
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 32; attempt++) statuses.push((await deliver("github", service.id, forged)).status);
    expect(statuses.slice(0, 30).every((status) => status === 401)).toBe(true);
    const limited = await deliver("github", service.id, forged);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);

    const genuine = await deliver("github", service.id, { ...githubDelivery(secret, "push", pushPayload("master", randomSha())), address });
    expect(genuine.status).toBe(202);
  });
});

const SECRET = { value: "" };

describe("concurrency", () => {
  it("starts exactly one deployment for concurrent copies of one delivery", async () => {
    const { service, secret } = await serviceWithWebhook({ branch: "master" });
    const delivery = githubDelivery(secret, "push", pushPayload("master", randomSha()));
    const answers = await Promise.all(Array.from({ length: 12 }, () => deliver("github", service.id, delivery)));
    expect(answers.filter((answer) => answer.status === 202)).toHaveLength(1);
    expect(answers.filter((answer) => answer.body.status === "duplicate")).toHaveLength(11);
    expect(await deploymentsOf(service.id)).toHaveLength(1);
  });

  it("answers concurrent copies of a delivery that deploys nothing once, the others as duplicates", async () => {
    const { service, secret } = await serviceWithWebhook({ branch: "master" });
    const delivery = githubDelivery(secret, "workflow_run", workflowRun({ status: "completed", conclusion: "success", start: 1, update: 2 }));
    const answers = await Promise.all(Array.from({ length: 12 }, () => deliver("github", service.id, delivery)));
    expect(answers.map((answer) => answer.status)).toEqual(Array.from({ length: 12 }, () => 200));
    expect(answers.filter((answer) => answer.body.status === "processed")).toHaveLength(1);
    expect(answers.filter((answer) => answer.body.status === "duplicate")).toHaveLength(11);
  });

  it("records 200 parallel deliveries without losing one", async () => {
    const { service, secret } = await serviceWithWebhook({ branch: "master" });
    const deliveries = Array.from({ length: 200 }, () => githubDelivery(secret, "push", pushPayload("master", randomSha())));
    const answers = await Promise.all(deliveries.map((delivery) => deliver("github", service.id, delivery)));
    expect(answers.every((answer) => answer.status === 202 && answer.body.status === "queued")).toBe(true);
    const rows = await deliveriesOf(service.id);
    expect(rows).toHaveLength(200);
    expect(new Set(rows.map((row) => row.deliveryId))).toEqual(new Set(deliveries.map((delivery) => delivery.headers["x-github-delivery"])));
    expect(rows.every((row) => row.status === "queued")).toBe(true);
    expect(await deploymentsOf(service.id)).toHaveLength(200);
  }, 60_000);
});

describe("GitLab, Bitbucket and Gitea deliveries, recorded payloads", () => {
  it("GitLab: a push with the secret token queues; a wrong token is refused; the idempotency key dedupes", async () => {
    const { service, secret } = await serviceWithWebhook({ branch: "master" }, "gitlab");
    const body = fixture("gitlab/push-event.json");
    const headers = { "content-type": "application/json", "x-gitlab-event": "Push Hook", "x-gitlab-token": secret, "idempotency-key": randomUUID() };
    const answer = await deliver("gitlab", service.id, { body, headers });
    expect(answer.status).toBe(202);
    expect((await deploymentsOf(service.id))[0]).toMatchObject({ commitSha: "da1560886d4f094c3e6c9ef40349f7d38b5d27d7", commitMessage: "fixed readme", commitAuthor: "GitLab dev user" });
    expect((await deliver("gitlab", service.id, { body, headers })).body.status).toBe("duplicate");
    expect((await deliver("gitlab", service.id, { body, headers: { ...headers, "x-gitlab-token": `${secret}x` } })).status).toBe(401);
    const stored = (await deliveriesOf(service.id))[0];
    expect(stored?.headers).not.toHaveProperty("x-gitlab-token");
    expect(JSON.stringify(stored?.headers)).not.toContain(secret);
  });

  it("GitLab: tag pushes are ignored, merge requests recorded, pipelines tracked as CI runs", async () => {
    const { service, secret } = await serviceWithWebhook({ branch: "master" }, "gitlab");
    const send = (file: string, event: string) =>
      deliver("gitlab", service.id, { body: fixture(file), headers: { "content-type": "application/json", "x-gitlab-event": event, "x-gitlab-token": secret } });
    expect((await send("gitlab/tag-event.json", "Tag Push Hook")).body).toMatchObject({ status: "ignored", message: "Tag push 'v1.0.0' ignored (this service does not deploy tags)" });
    expect((await send("gitlab/merge-request-event.json", "Merge Request Hook")).body).toMatchObject({ status: "ignored", message: expect.stringMatching(/^Previews are off for .+: pull request #1 builds nothing$/) });
    expect((await send("gitlab/pipeline-event.json", "Pipeline Hook")).body).toMatchObject({ status: "processed", message: "Run 31 of 'pipeline_name': success" });
  });

  it("Bitbucket Cloud: repo:push queues, diagnostics:ping pongs", async () => {
    const { service, secret } = await serviceWithWebhook({ branch: "name-of-branch" }, "bitbucket");
    const body = fixture("bitbucket/repo-push.json");
    const sign = (bytes: Buffer) => `sha256=${hmacHex(secret, bytes)}`;
    const push = await deliver("bitbucket", service.id, {
      body,
      headers: { "content-type": "application/json", "x-event-key": "repo:push", "x-request-uuid": randomUUID(), "x-hub-signature": sign(body) },
    });
    expect(push.status).toBe(202);
    expect((await deploymentsOf(service.id))[0]).toMatchObject({ commitSha: "709d658dc5b6d6afcd46049c2f332ee3f515a67d", commitAuthor: "Emma" });
    const ping = Buffer.from('{"test": true}');
    expect((await deliver("bitbucket", service.id, { body: ping, headers: { "content-type": "application/json", "x-event-key": "diagnostics:ping", "x-hub-signature": sign(ping) } })).body).toEqual({ status: "pong" });
  });

  it("Bitbucket Server: an unsigned Test connection pongs without touching the connection; a forged push does not", async () => {
    const { service } = await serviceWithWebhook({ branch: "main" }, "bitbucket");
    const ping = await deliver("bitbucket", service.id, { body: Buffer.from("{}"), headers: { "content-type": "application/json", "x-event-key": "diagnostics:ping" } });
    expect(ping).toMatchObject({ status: 200, body: { status: "pong" } });
    expect((await db.repositoryConnection.findUniqueOrThrow({ where: { serviceId: service.id } })).webhookStatus).toBe("inactive");
    expect((await deliveriesOf(service.id))[0]).toMatchObject({ status: "ignored", signatureValid: false });
    const push = await deliver("bitbucket", service.id, { body: fixture("bitbucket/repo-push.json"), headers: { "content-type": "application/json", "x-event-key": "repo:push" } });
    expect(push.status).toBe(401);
  });

  it("Bitbucket Server: repo:refs_changed ignores the recorded branch deletion and queues an update", async () => {
    const recorded = fixture("bitbucket-server/repo-refs-changed.json");
    const { service, secret } = await serviceWithWebhook({ branch: "feature/wip" }, "bitbucket");
    const send = (body: Buffer) =>
      deliver("bitbucket", service.id, {
        body,
        headers: { "content-type": "application/json", "x-event-key": "repo:refs_changed", "x-request-id": randomUUID(), "x-hub-signature": `sha256=${hmacHex(secret, body)}` },
      });
    expect((await send(recorded)).body).toEqual({ status: "ignored", message: "'feature/wip' was deleted; the running version keeps serving" });

    const payload = JSON.parse(recorded.toString()) as { changes: Record<string, unknown>[] };
    const sha = randomSha();
    const update = Buffer.from(JSON.stringify({ ...payload, changes: [{ ...payload.changes[0], toHash: sha, type: "UPDATE" }] }));
    expect((await send(update)).status).toBe(202);
    expect((await deploymentsOf(service.id))[0]?.commitSha).toBe(sha);
  });

  it("Gitea: X-Gitea-Signature or X-Hub-Signature-256 verify; an empty signature header is no signature", async () => {
    const { service, secret } = await serviceWithWebhook({ branch: "master" }, "gitea");
    const body = fixture("gitea/push-event.json");
    const base = { "content-type": "application/json", "x-gitea-event": "push" };
    expect((await deliver("gitea", service.id, { body, headers: { ...base, "x-gitea-delivery": randomUUID(), "x-gitea-signature": hmacHex(secret, body) } })).status).toBe(202);
    expect(
      (await deliver("gitea", service.id, { body, headers: { ...base, "x-gitea-delivery": randomUUID(), "x-hub-signature-256": `sha256=${hmacHex(secret, body)}` } })).body.status,
    ).toBe("skipped");
    expect((await deliver("gitea", service.id, { body, headers: { ...base, "x-gitea-delivery": randomUUID(), "x-gitea-signature": "" } })).status).toBe(401);
  });

  it("Gitea: the settings page's test delivery pongs and deploys nothing", async () => {
    const { service, secret } = await serviceWithWebhook({ branch: "master" }, "gitea");
    const payload = JSON.parse(fixture("gitea/push-event.json").toString()) as Record<string, unknown>;
    const fake = { id: "0".repeat(40), message: "This is a fake commit for webhook push test\n", author: { name: "Gitea" } };
    const body = Buffer.from(JSON.stringify({ ...payload, commits: [fake], head_commit: fake }));
    const answer = await deliver("gitea", service.id, { body, headers: { "content-type": "application/json", "x-gitea-event": "push", "x-gitea-signature": hmacHex(secret, body) } });
    expect(answer).toMatchObject({ status: 200, body: { status: "pong" } });
    expect(await deploymentsOf(service.id)).toEqual([]);
  });
});

describe("per-provider receiver routed by repository", () => {
  it("delivers to the connection whose secret verifies, and to nothing else", async () => {
    const repository = `acme/routed-${randomUUID().slice(0, 8)}`;
    const mine = await serviceWithWebhook({ branch: "master", repository_full_name: repository });
    const theirs = await serviceWithWebhook({ branch: "master", repository_full_name: repository });
    const payload = { ...pushPayload("master", randomSha()), repository: { ...(githubExample("push").repository as object), full_name: repository } };
    const answer = await deliverByRepository("github", githubDelivery(mine.secret, "push", payload));
    expect(answer).toMatchObject({ status: 202, body: { status: "queued" } });
    expect(await deploymentsOf(mine.service.id)).toHaveLength(1);
    expect(await deploymentsOf(theirs.service.id)).toEqual([]);

    const unknown = await deliverByRepository("github", githubDelivery(mine.secret, "push", { ...payload, repository: { full_name: "nobody/nothing" } }));
    expect(unknown).toMatchObject({ status: 404, body: { detail: "No service is connected to nobody/nothing" } });
  });
});
