// A manual deploy through the running server: its embedded executor calls the app's own /api/inngest
// over HTTP (signed with the instance's key), builds on the real engine and publishes the container.
import { createSampleRepo } from "@/test/support/sample-repo";
import { apiAs, expect, test } from "./support/fixtures";
import { USERS } from "./support/users";

test("a deploy requested through the API goes live and its log streams to the end", async ({ baseURL }) => {
  test.setTimeout(120_000);
  const repo = await createSampleRepo();
  const admin = await apiAs(baseURL ?? "", USERS.admin);
  try {
    const sha = await repo.commit("healthy", "e2e version", "hello from e2e");
    const created = await admin.post("/api/services", {
      data: {
        name: `e2e-deploy-${Date.now().toString(36)}`,
        provider: "git",
        clone_url: repo.url,
        runtime: { container_port: 8080, health_check_path: "/healthz", health_check_timeout_s: 10 },
      },
    });
    expect(created.status()).toBe(201);
    const service = (await created.json()) as { id: string };

    // The live feed, opened before the deploy, as the browser's EventSource would.
    const cookies = (await admin.storageState()).cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join("; ");
    const events = await fetch(`${baseURL}/api/events`, { headers: { cookie: cookies } });
    expect(events.headers.get("content-type")).toContain("text/event-stream");
    const feed = readUntil(events, "deployment_completed");

    const requested = await admin.post(`/api/services/${service.id}/deployments`, { data: { commit_sha: sha } });
    expect(requested.status()).toBe(202);
    const { id } = (await requested.json()) as { id: string };
    const again = await admin.post(`/api/services/${service.id}/deployments`, { data: { commit_sha: sha } });
    expect(again.status()).toBe(409);

    await expect
      .poll(async () => ((await (await admin.get(`/api/deployments/${id}`)).json()) as { status: string }).status, { timeout: 90_000 })
      .toBe("live");
    const deployment = (await (await admin.get(`/api/deployments/${id}`)).json()) as { url: string; commit_sha: string; commit_message: string };
    expect(deployment).toMatchObject({ commit_sha: sha, commit_message: "e2e version", url: expect.stringMatching(/^http:\/\/localhost:\d+$/) });
    expect(await (await fetch(deployment.url)).text()).toBe("hello from e2e\n");
    // Not Berth's site: the browser sends a tenant none of Berth's cookies.
    expect(new URL(deployment.url).hostname).not.toBe(new URL(baseURL ?? "").hostname);

    const logs = await admin.get(`/api/deployments/${id}/logs`);
    expect(logs.headers()["content-type"]).toContain("text/event-stream");
    const stream = await logs.text();
    expect(stream).toContain("Checked out");
    expect(stream).toMatch(/event: end\ndata: {"status":"live"}/);

    const live = await feed;
    const stages = [...live.matchAll(/"type":"(\w+)"/g)].map((match) => match[1]);
    expect(stages).toEqual(["build_started", "build_completed", "deployment_started", "deployment_completed"]);

    const inbox = (await (await admin.get("/api/notifications?unread=true")).json()) as { notifications: { deployment_id: string }[]; unread_count: number };
    expect(inbox.notifications.filter((n) => n.deployment_id === id)).toHaveLength(4);
    expect((await (await admin.post("/api/notifications/read", { data: { all: true } })).json()).marked_read).toBeGreaterThanOrEqual(4);
    expect(((await (await admin.get("/api/notifications")).json()) as { unread_count: number }).unread_count).toBe(0);

    const list = (await (await admin.get(`/api/services/${service.id}/deployments`)).json()) as { deployments: { id: string }[] };
    expect(list.deployments.map((d) => d.id)).toContain(id);

    // Deleting the service stops its container: the URL stops answering.
    expect((await admin.delete(`/api/services/${service.id}`)).status()).toBe(204);
    await expect.poll(() => fetch(deployment.url).then(() => "answering", () => "gone"), { timeout: 30_000 }).toBe("gone");
  } finally {
    await repo.remove();
  }
});

// Reads an SSE response until text appears in it, then closes it.
async function readUntil(response: Response, text: string): Promise<string> {
  if (!response.body) throw new Error("the event stream has no body");
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let received = "";
  while (!received.includes(text)) {
    const { value, done } = await reader.read();
    if (done) break;
    received += value;
  }
  await reader.cancel();
  return received;
}
