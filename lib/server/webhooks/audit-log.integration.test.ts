import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/server/api-error";
import { db } from "@/lib/server/db";
import { metrics } from "@/lib/server/metrics";
import { createTestUser } from "@/test/support/users";
import { githubDelivery } from "@/test/support/github-delivery";
import { deliver, githubExample, pushPayload, randomSha, serviceWithWebhook } from "@/test/support/webhooks";
import { deliveryStatistics, getDelivery, listDeliveries, listDeliveriesQuerySchema, webhookHealth } from "./delivery-queries";
import { replayDelivery } from "./replay-delivery";
import { getWebhookSetup } from "@/lib/server/connections/webhook-setup";

describe("webhook setup", () => {
  it("gives the URL, one stable secret and the provider's steps", async () => {
    const { user, service, secret } = await serviceWithWebhook();
    const gitlab = await getWebhookSetup(user, service.id, "gitlab");
    expect(gitlab).toMatchObject({ provider: "gitlab", secret, url: `http://localhost:3000/api/webhooks/gitlab/${service.id}`, content_type: "application/json" });
    expect(gitlab.instructions.join("\n")).toContain("Secret token: the secret shown here.");
    expect(gitlab.deploy_hook).toMatchObject({ url: `http://localhost:3000/api/hooks/deploy/${service.id}`, standard_webhooks_secret: `whsec_${Buffer.from(secret).toString("base64")}` });
    const stored = await db.repositoryConnection.findUniqueOrThrow({ where: { serviceId: service.id }, omit: { webhookSecretEncrypted: false } });
    expect(stored.webhookSecretEncrypted).not.toContain(secret);

    const stranger = await createTestUser();
    await expect(getWebhookSetup(stranger, service.id, "github")).rejects.toThrow(`Service ${service.id} not found`);
  });
});

describe("audit log queries", () => {
  it("lists, filters and counts only the user's own deliveries", async () => {
    const { user, service, secret } = await serviceWithWebhook({ branch: "master" });
    const other = await serviceWithWebhook({ branch: "master" });
    await deliver("github", service.id, githubDelivery(secret, "push", pushPayload("master", randomSha())));
    await deliver("github", service.id, githubDelivery(secret, "push", pushPayload("dev", randomSha())));
    await deliver("github", service.id, githubDelivery(secret, "ping", githubExample("ping")));
    await deliver("github", service.id, githubDelivery("wrong", "ping", githubExample("ping"), {}));
    await deliver("github", other.service.id, githubDelivery(other.secret, "ping", githubExample("ping")));

    const all = await listDeliveries(user, listDeliveriesQuerySchema.parse({}));
    expect(all.total).toBe(4);
    expect(all.deliveries.map((row) => row.status).sort()).toEqual(["ignored", "processed", "queued", "rejected"]);
    expect(all.deliveries.every((row) => row.service_id === service.id)).toBe(true);
    expect(all.deliveries[0]).not.toHaveProperty("payload");

    const pushes = await listDeliveries(user, listDeliveriesQuerySchema.parse({ event: "push", status: "queued", limit: "10" }));
    expect(pushes.deliveries).toHaveLength(1);
    expect((await listDeliveries(user, listDeliveriesQuerySchema.parse({ repository: "codertocat/hello-world" }))).total).toBe(2);
    expect(listDeliveriesQuerySchema.safeParse({ limit: "5000" }).success).toBe(false);

    const stats = await deliveryStatistics(user, 24);
    expect(stats).toMatchObject({ hours: 24, total: 4, processed: 2, pending: 1, failed: 1 });
    expect(stats.by_event.push).toEqual({ total: 2, processed: 1, pending: 1, failed: 0 });

    const health = await webhookHealth(user);
    expect(health.status).toBe("healthy");
    expect(health.recent_events).toHaveLength(4);
    expect(health.hourly.reduce((sum, hour) => sum + hour.total, 0)).toBe(4);
    expect(health.last_event_at).toBe(health.recent_events[0]?.received_at);

    const detail = await getDelivery(user, all.deliveries.find((row) => row.status === "queued")!.id);
    expect(detail.payload).toMatchObject({ ref: "refs/heads/master" });
    await expect(getDelivery(other.user, detail.id)).rejects.toBeInstanceOf(ApiError);
  });

  it("shows an admin who asks everyone's deliveries, refusals no service claimed included; a member may not ask", async () => {
    const member = await serviceWithWebhook();
    await deliver("github", member.service.id, githubDelivery(member.secret, "ping", githubExample("ping")));
    const unclaimed = `cm0unclaimed${Date.now().toString(36)}`;
    await deliver("github", unclaimed, githubDelivery("any", "ping", githubExample("ping")));
    const admin = await db.user.update({ where: { id: (await createTestUser()).id }, data: { role: "admin" } });

    expect((await listDeliveries(admin, listDeliveriesQuerySchema.parse({}))).total).toBe(0);
    const everyone = await listDeliveries(admin, listDeliveriesQuerySchema.parse({ scope: "all", limit: 500 }));
    expect(everyone.deliveries.some((row) => row.service_id === member.service.id)).toBe(true);
    expect(everyone.deliveries.some((row) => row.service_id === null && row.reason === "Unknown service")).toBe(true);
    await expect(listDeliveries(member.user, listDeliveriesQuerySchema.parse({ scope: "all" }))).rejects.toThrow(/Only an admin/);
    await expect(deliveryStatistics(member.user, 24, "all")).rejects.toThrow(/Only an admin/);
    expect((await webhookHealth(admin, "all")).recent_events.length).toBeGreaterThan(0);
  });

  it("counts deliveries in the Prometheus metrics", async () => {
    const { service, secret } = await serviceWithWebhook();
    const before = (await metrics.webhookEvents.get()).values.find((value) => value.labels.event === "ping" && value.labels.status === "processed")?.value ?? 0;
    await deliver("github", service.id, githubDelivery(secret, "ping", githubExample("ping")));
    const text = await metrics.registry.metrics();
    expect(text).toContain('webhook_events_total{provider="github",event="ping",status="processed"}');
    const after = (await metrics.webhookEvents.get()).values.find((value) => value.labels.event === "ping" && value.labels.status === "processed")?.value ?? 0;
    expect(after).toBe(before + 1);
    expect(text).toContain("webhook_processing_duration_seconds_bucket");
    expect(text).toContain("process_cpu_user_seconds_total");

    // An unverified caller cannot add label values of its choosing.
    await deliver("github", service.id, githubDelivery("wrong", `made-up-${Date.now()}`, {}));
    const after401 = await metrics.registry.metrics();
    expect(after401).not.toContain("made-up-");
    expect(after401).toContain('webhook_events_total{provider="github",event="unverified",status="rejected"}');
  });
});

describe("replay", () => {
  it("re-processes a stored delivery without deploying a commit twice, and only for its owner", async () => {
    const { user, service, secret } = await serviceWithWebhook({ branch: "master" });
    const queued = await deliver("github", service.id, githubDelivery(secret, "push", pushPayload("master", randomSha())));
    const [original] = await db.webhookDelivery.findMany({ where: { serviceId: service.id } });

    const replay = await replayDelivery(user, original!.id);
    expect(replay).toMatchObject({ httpStatus: 200, status: "skipped", body: { status: "skipped", deployment_id: queued.body.deployment_id } });
    expect(await db.deployment.count({ where: { serviceId: service.id } })).toBe(1);
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: replay.deliveryRowId } })).toMatchObject({ replayOfId: original!.id, deliveryId: original!.deliveryId });

    // Once the first deployment has failed, a replay deploys the commit again.
    await db.deployment.updateMany({ where: { serviceId: service.id }, data: { status: "failed" } });
    const redeploy = await replayDelivery(user, original!.id);
    expect(redeploy).toMatchObject({ httpStatus: 202, status: "queued" });
    expect(await db.deployment.findFirstOrThrow({ where: { id: redeploy.body.deployment_id as string } })).toMatchObject({ trigger: "replay", status: "queued" });

    const stranger = await createTestUser();
    await expect(replayDelivery(stranger, original!.id)).rejects.toThrow(`Delivery ${original!.id} not found`);
  });

  it("refuses to replay a delivery whose signature failed", async () => {
    const { user, service } = await serviceWithWebhook();
    await deliver("github", service.id, githubDelivery("wrong", "ping", githubExample("ping")));
    const [rejected] = await db.webhookDelivery.findMany({ where: { serviceId: service.id } });
    await expect(replayDelivery(user, rejected!.id)).rejects.toThrow("Only verified deliveries with a stored payload can be replayed");
  });
});
