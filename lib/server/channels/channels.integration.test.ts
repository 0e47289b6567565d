// Notification channels end to end: a notification becomes a message at a local Slack, Discord and webhook
// receiver and at a local SMTP server, sent by the durable function; a failing channel retries, says it is
// failing, and blocks nothing; channels are their owner's alone and never give their URLs back.
import { randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { toResponse } from "@/lib/server/http/errors";
import { notify } from "@/lib/server/notifications/notify";
import { createService } from "@/lib/server/services/create-service";
import { createChannelSchema, updateChannelSchema } from "@/lib/shared/validations/channel";
import { createServiceSchema } from "@/lib/shared/validations/service";
import { startCaptureServer, startSmtpServer } from "@/test/support/capture-server";
import { useIsolatedDatabase } from "@/test/support/isolated-database";
import { createTestUser } from "@/test/support/users";
import { inProcessTransport, testExecutor } from "@/test/support/workflow";
import { waitFor } from "@/test/support/wait-for";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/index";
import { createChannel, CHANNELS_PER_USER } from "./create-channel";
import { listChannelDeliveries, listChannels } from "./list-channels";
import { testChannel } from "./test-channel";
import { deleteChannel, updateChannel } from "./update-channel";

let receiver: Awaited<ReturnType<typeof startCaptureServer>>;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let executor: ReturnType<typeof testExecutor>;
let dropDatabase: () => Promise<void>;

beforeAll(async () => {
  receiver = await startCaptureServer();
  smtp = await startSmtpServer();
  // Read by lib/server/env on first use: the receivers are on this machine. A database of its own, so its
  // executor takes no other file's workflow events.
  dropDatabase = await useIsolatedDatabase({ BERTH_ALLOW_LOCAL_CHANNELS: "true", BERTH_SMTP_URL: smtp.url, BERTH_SMTP_FROM: "berth@example.test" });
  executor = testExecutor(db, inProcessTransport(inngest, functions));
  await executor.start();
});

afterAll(async () => {
  await executor.stop();
  await receiver.stop();
  await smtp.stop();
  await dropDatabase();
});

async function owner() {
  const user = await createTestUser();
  const service = await createService(user.id, createServiceSchema.parse({ name: `web-${randomUUID().slice(0, 6)}`, provider: "git", clone_url: "https://example.test/acme/web.git" }));
  return { user, service };
}

const make = (userId: { id: string; role: "admin" | "member" }, input: Record<string, unknown>) => createChannel(userId, createChannelSchema.parse(input));

const hook = (name: string) => `${receiver.url}/${name}/${randomUUID()}`;
const requestsTo = (url: string) => receiver.requests.filter((request) => url.endsWith(request.path));

async function sent(url: string, count = 1) {
  return waitFor(() => Promise.resolve(requestsTo(url).length >= count ? requestsTo(url) : null), 15_000, `${count} message(s) at ${url}`);
}

const rollback = (serviceId: string, message = "web@abc1234 failed its health check and was rolled back") =>
  notify({ type: "deployment_rollback", serviceId, severity: "warning", message });

async function apiStatus(promise: Promise<unknown>) {
  return promise.then(
    () => 200,
    (error: unknown) => toResponse(error).status,
  );
}

describe("notification channels", () => {
  it("sends Slack a mrkdwn section with the link, escaping what came from outside", async () => {
    const { user, service } = await owner();
    const url = hook("slack");
    await make(user, { kind: "slack", name: "Team", url });
    await rollback(service.id, "Deploy of 'say <!channel> & @everyone' rolled back");
    const [request] = await sent(url);
    expect(request?.headers["content-type"]).toBe("application/json");
    const body = JSON.parse(request?.body ?? "") as { text: string; blocks: { type: string; text: { type: string; text: string } }[] };
    expect(body.blocks[0]?.type).toBe("section");
    expect(body.blocks[0]?.text.type).toBe("mrkdwn");
    expect(body.blocks[0]?.text.text).toContain(`*Rolled back: ${service.name}*`);
    expect(body.blocks[0]?.text.text).toContain("say &lt;!channel&gt; &amp; @everyone");
    expect(body.blocks[0]?.text.text).not.toContain("<!channel>");
    expect(body.blocks[0]?.text.text).toMatch(/<http:\/\/localhost:3000\/services\/[\w-]+\|Open in Berth>/);
  });

  it("sends Discord an embed that may mention nobody", async () => {
    const { user, service } = await owner();
    const url = hook("discord");
    await make(user, { kind: "discord", name: "Ops", url });
    await rollback(service.id, "@everyone look");
    const body = JSON.parse((await sent(url))[0]?.body ?? "") as { allowed_mentions: { parse: string[] }; embeds: { title: string; description: string; url: string; color: number }[] };
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.embeds[0]).toMatchObject({ title: `Rolled back: ${service.name}`, description: "@everyone look", url: `http://localhost:3000/services/${service.id}` });
  });

  it("signs an outgoing webhook with Standard Webhooks, the secret shown once at creation", async () => {
    const { user, service } = await owner();
    const url = hook("webhook");
    const created = await make(user, { kind: "webhook", name: "Pager", url });
    expect(created.signing_secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    await rollback(service.id);
    const [request] = await sent(url);
    const headers = Object.fromEntries(["webhook-id", "webhook-timestamp", "webhook-signature"].map((name) => [name, String(request?.headers[name])]));
    const payload = new Webhook(created.signing_secret ?? "").verify(request?.body ?? "", headers);
    expect(payload).toMatchObject({ type: "deployment_rollback", severity: "warning", service: { id: service.id, name: service.name }, link: `http://localhost:3000/services/${service.id}` });
    expect(() => new Webhook(`whsec_${Buffer.from("another secret of enough length!").toString("base64")}`).verify(request?.body ?? "", headers)).toThrow();
    // The secret never comes back.
    expect(JSON.stringify(await listChannels(user))).not.toContain(created.signing_secret);
  });

  it("emails through the operator's SMTP server", async () => {
    const { user, service } = await owner();
    const address = `team-${randomUUID().slice(0, 6)}@example.test`;
    await make(user, { kind: "email", name: "Team mail", address });
    await rollback(service.id);
    const mail = await waitFor(() => Promise.resolve(smtp.mails.find((candidate) => candidate.to.includes(address)) ?? null), 15_000, "the email");
    expect(mail.from).toBe("berth@example.test");
    expect(mail.data).toContain(`Subject: [Berth] Rolled back: ${service.name}`);
    expect(mail.data).toContain("failed its health check and was rolled back");
    expect(mail.data).toContain(`http://localhost:3000/services/${service.id}`);
  });

  it("retries a failing channel, shows it failing meanwhile, and holds nothing up", async () => {
    const { user, service } = await owner();
    const url = hook("flaky");
    const { channel } = await make(user, { kind: "slack", name: "Flaky", url });
    receiver.answerWith(503, 503);
    const started = performance.now();
    await rollback(service.id);
    // notify() only queued the message.
    expect(performance.now() - started).toBeLessThan(2_000);
    await sent(url, 3);
    const listed = await waitFor(async () => {
      const { deliveries } = await listChannelDeliveries(user, channel.id, 10);
      return deliveries[0]?.status === "sent" ? deliveries[0] : null;
    }, 15_000, "the third try to pass");
    expect(listed).toMatchObject({ attempts: 3, response_status: 200, last_error: null });
  });

  it("gives up on a hook that is gone (404) at once, and keeps the reason", async () => {
    const { user, service } = await owner();
    const url = hook("gone");
    const { channel } = await make(user, { kind: "discord", name: "Old", url });
    receiver.answerWith(404);
    await rollback(service.id);
    const failed = await waitFor(async () => {
      const { deliveries } = await listChannelDeliveries(user, channel.id, 10);
      return deliveries[0]?.status === "failed" ? deliveries[0] : null;
    }, 15_000, "the delivery to fail");
    expect(failed).toMatchObject({ attempts: 1, response_status: 404, last_error: "Answered 404: no_service" });
    expect((await listChannels(user)).channels[0]?.last_delivery).toMatchObject({ status: "failed" });
  });

  it("sends only the events picked, and a service's channel only that service's", async () => {
    const { user, service } = await owner();
    const other = await createService(user.id, createServiceSchema.parse({ name: `api-${randomUUID().slice(0, 6)}`, provider: "git", clone_url: "https://example.test/acme/api.git" }));
    const incidentsOnly = hook("incidents");
    const webOnly = hook("web");
    await make(user, { kind: "slack", name: "CI", url: incidentsOnly, events: ["incident_opened", "incident_resolved"] });
    await make(user, { kind: "slack", name: "Web", url: webOnly, service_id: service.id });
    await rollback(other.id);
    await rollback(service.id);
    await sent(webOnly);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(requestsTo(webOnly)).toHaveLength(1);
    expect(requestsTo(incidentsOnly)).toHaveLength(0);
  });

  it("sends a test message now, and says why one could not be sent", async () => {
    const { user } = await owner();
    const url = hook("test");
    const { channel } = await make(user, { kind: "slack", name: "Test", url });
    expect(await testChannel(user, channel.id)).toMatchObject({ ok: true, delivery: { status: "sent", test: true, attempts: 1 } });
    expect(requestsTo(url)[0]?.body).toContain("This is a test message");
    receiver.answerWith(500);
    expect(await testChannel(user, channel.id)).toMatchObject({ ok: false, delivery: { status: "failed", response_status: 500, last_error: "Answered 500: no_service" } });
  });

  it("keeps channels to their owner, admins included, and gives no URL back", async () => {
    const { user } = await owner();
    const url = hook("private");
    const { channel } = await make(user, { kind: "slack", name: "Mine", url });
    const stranger = await createTestUser();
    const admin = { id: stranger.id, role: "admin" as const };
    const attempts = [
      () => testChannel(admin, channel.id),
      () => updateChannel(admin, channel.id, updateChannelSchema.parse({ enabled: false })),
      () => deleteChannel(admin, channel.id),
      () => listChannelDeliveries(admin, channel.id, 5),
    ];
    for (const attempt of attempts) expect(await apiStatus(attempt())).toBe(404);
    expect((await listChannels(stranger)).channels).toEqual([]);
    const listed = JSON.stringify(await listChannels(user));
    expect(listed).not.toContain(new URL(url).pathname);
    expect((await listChannels(user)).channels[0]).toMatchObject({ target: new URL(receiver.url).host, kind: "slack" });
  });

  it("refuses another user's service, and more than the channel limit", async () => {
    const { user } = await owner();
    const { service: theirs } = await owner();
    expect(await apiStatus(make(user, { kind: "slack", name: "Theirs", url: hook("x"), service_id: theirs.id }))).toBe(422);
    for (let index = 0; index < CHANNELS_PER_USER; index++) await make(user, { kind: "slack", name: `c${index}`, url: hook("x") });
    expect(await apiStatus(make(user, { kind: "slack", name: "one too many", url: hook("x") }))).toBe(409);
  });

  it("turned off, a channel is sent nothing", async () => {
    const { user, service } = await owner();
    const url = hook("off");
    const { channel } = await make(user, { kind: "slack", name: "Off", url });
    await updateChannel(user, channel.id, updateChannelSchema.parse({ enabled: false }));
    await rollback(service.id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(requestsTo(url)).toHaveLength(0);
  });
});
