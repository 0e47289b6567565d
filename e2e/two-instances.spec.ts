// Two Berth instances on one database, as behind a load balancer: a deployment requested through the first
// streams its log, live, to a browser connected to the second. The second runs no workflow executor (it has no
// signing key), so every step runs in the first and reaches the second only through PostgreSQL's NOTIFY.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { freePort } from "@/lib/server/net/free-port";
import { createSampleRepo } from "@/test/support/sample-repo";
import { expect, signInThroughForm, test } from "./support/fixtures";
import { USERS } from "./support/users";

async function startSecondInstance(): Promise<{ url: string; server: ChildProcess }> {
  const port = await freePort();
  const env = JSON.parse(process.env.E2E_SERVER_ENV ?? "{}") as Record<string, string>;
  delete env.INNGEST_SIGNING_KEY;
  const server = spawn(process.execPath, ["scripts/serve.mjs", "start", "--port", String(port), "--hostname", "127.0.0.1"], {
    env: { ...process.env, ...env, BERTH_INTERNAL_URL: `http://127.0.0.1:${port}`, LOG_LEVEL: "warn" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (!(await fetch(`${url}/api/health`).then((response) => response.ok, () => false))) {
    if (server.exitCode !== null || Date.now() > deadline) throw new Error("the second Berth did not start");
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { url, server };
}

test("a deployment started on one instance streams its log to a browser on the other", async ({ page }) => {
  test.setTimeout(150_000);
  const second = await startSecondInstance();
  const repo = await createSampleRepo();
  try {
    await signInThroughForm(page, USERS.admin);
    const sha = await repo.commit("healthy", "Seen from the other instance", "two instances");
    const created = await page.request.post("/api/services", {
      data: { name: `pair-${randomUUID().slice(0, 8)}`, provider: "git", clone_url: repo.url, runtime: { container_port: 8080, health_check_path: "/healthz", health_check_timeout_s: 10 } },
    });
    expect(created.status()).toBe(201);
    const service = (await created.json()) as { id: string };

    // The session cookie is the load balancer's host's: the second instance honours it (same secret).
    await page.goto(`${second.url}/services/${service.id}`);
    await expect(page.getByText("No deployments yet.")).toBeVisible();
    const requested = await page.request.post(`/api/services/${service.id}/deployments`, { data: { commit_sha: sha } });
    expect(requested.status()).toBe(202);
    const { id } = (await requested.json()) as { id: string };

    // The row appears on the second instance's page without a reload, then its log streams there.
    const row = page.getByRole("row").filter({ hasText: "Seen from the other instance" });
    await expect(row).toBeVisible({ timeout: 30_000 });
    await page.goto(`${second.url}/deployments/${id}`);
    const log = page.getByRole("log", { name: "Build and deploy log" });
    await expect(log).toContainText(`Checked out ${sha.slice(0, 7)}`, { timeout: 60_000 });
    await expect(log).toContainText("Traffic for", { timeout: 60_000 });
    await expect(page.getByText("The deployment has finished.")).toBeVisible();
    expect(page.url().startsWith(second.url)).toBe(true);

    // Leave the second instance before it stops (its event stream would retry against a closed port), and the
    // deployment's page before the service goes (its next refetch would be a 404): Chromium logs both as errors.
    await page.goto("/");
    expect((await page.request.delete(`/api/services/${service.id}`)).status()).toBe(204);
  } finally {
    second.server.kill("SIGTERM");
    await repo.remove();
  }
});
