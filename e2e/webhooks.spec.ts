import { createHmac, randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { apiAs } from "./support/fixtures";
import { USERS } from "./support/users";

// Over real HTTP against the built app: what a provider and the service's owner see.
test("a signed delivery is verified, queued, listed, counted and replayable by its owner only", async ({ baseURL }) => {
  const admin = await apiAs(baseURL ?? "", USERS.admin);
  const other = await apiAs(baseURL ?? "", USERS.other);
  const anonymous = await apiAs(baseURL ?? "");

  const created = await admin.post("/api/services", { data: { name: "hooked", provider: "github", clone_url: "https://github.com/acme/hooked.git" } });
  const { id } = (await created.json()) as { id: string };
  const setup = await admin.get(`/api/services/${id}/webhook-url?provider=github`);
  expect(setup.status()).toBe(200);
  const { url, secret, instructions } = (await setup.json()) as { url: string; secret: string; instructions: string[] };
  expect(url).toBe(`${baseURL}/api/webhooks/github/${id}`);
  expect(instructions[1]).toBe(`Payload URL: ${url}`);
  expect((await other.get(`/api/services/${id}/webhook-url?provider=github`)).status()).toBe(404);

  const sha = "f".repeat(40);
  const body = JSON.stringify({ ref: "refs/heads/main", after: sha, repository: { full_name: "acme/hooked" }, head_commit: { id: sha, message: "Ship it", author: { name: "Ada" } } });
  const send = (signature: string) =>
    anonymous.post(url, {
      headers: { "content-type": "application/json", "x-github-event": "push", "x-github-delivery": randomUUID(), "x-hub-signature-256": signature },
      data: Buffer.from(body),
    });

  const forged = await send(`sha256=${createHmac("sha256", "guess").update(body).digest("hex")}`);
  expect(forged.status()).toBe(401);
  expect(await forged.json()).toEqual({ detail: "Invalid webhook signature" });

  const queued = await send(`sha256=${createHmac("sha256", secret).update(body).digest("hex")}`);
  expect(queued.status()).toBe(202);
  const { deployment_id } = (await queued.json()) as { deployment_id: string };

  const events = (await (await admin.get("/api/webhooks/events?event=push&limit=10")).json()) as { deliveries: { id: string; status: string; commit_sha: string }[] };
  const delivery = events.deliveries.find((entry) => entry.commit_sha === sha);
  expect(delivery?.status).toBe("queued");
  expect(((await (await other.get("/api/webhooks/events")).json()) as { total: number }).total).toBe(0);
  expect((await anonymous.get("/api/webhooks/events")).status()).toBe(401);

  const stats = (await (await admin.get("/api/webhooks/statistics?hours=1")).json()) as { total: number; failed: number; by_event: Record<string, { pending: number }> };
  expect(stats.total).toBeGreaterThanOrEqual(2);
  expect(stats.failed).toBeGreaterThanOrEqual(1);
  expect(stats.by_event.push?.pending).toBeGreaterThanOrEqual(1);
  expect((await (await admin.get("/api/webhooks/health")).json()) as { status: string }).toMatchObject({ status: expect.stringMatching(/healthy|degraded/) });

  const detail = (await (await admin.get(`/api/webhooks/deliveries/${delivery?.id}`)).json()) as { payload: { after: string }; headers: Record<string, string> };
  expect(detail.payload.after).toBe(sha);
  expect(detail.headers["x-github-event"]).toBe("push");

  expect((await other.post(`/api/webhooks/deliveries/${delivery?.id}/replay`)).status()).toBe(404);
  const replay = await admin.post(`/api/webhooks/deliveries/${delivery?.id}/replay`);
  expect(replay.status()).toBe(200);
  expect(await replay.json()).toMatchObject({ status: "skipped", deployment_id });

  const metrics = await anonymous.get("/api/metrics");
  expect(metrics.headers()["content-type"]).toContain("text/plain");
  expect(await metrics.text()).toMatch(/webhook_events_total\{provider="github",event="push",status="queued"\} \d+/);

  expect((await admin.delete(`/api/services/${id}`)).status()).toBe(204);
});
