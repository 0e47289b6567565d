// Ephemeral runners end to end: an admin adds a runner pool; a GitHub user's connected repository queues a
// self-hosted job at the emulated GitHub; the runners page shows it waiting, running on a runner Berth
// started from the pool's image, and completed once the runner reported it done.
import { randomUUID } from "node:crypto";
import { signInAndConnectGitHubRepository } from "./support/emulator";
import { apiAs, expect, snap, signInThroughForm, test } from "./support/fixtures";
import { USERS } from "./support/users";

test("a queued self-hosted job moves from queued to running to completed on the runners page", async ({ page, baseURL, browser }) => {
  test.setTimeout(90_000);
  const label = `e2e-${randomUUID().slice(0, 6)}`;
  const admin = await apiAs(baseURL ?? "", USERS.admin);
  const created = await admin.post("/api/runners/pools", { data: { name: `pool-${label}`, labels: [label], image: process.env.E2E_RUNNER_IMAGE, max_runners: 1, idle_ttl_s: 60 } });
  expect(created.status()).toBe(201);
  const pool = (await created.json()) as { id: string; name: string };

  const { repository, serviceId } = await signInAndConnectGitHubRepository(page, "runners");

  await page.getByRole("link", { name: "Runners", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Runners", level: 1 })).toBeVisible();

  const query = new URLSearchParams({ provider: "github", full_name: repository });
  const queued = await fetch(`${process.env.E2E_EMULATOR_URL ?? ""}/_control/actions-job?${query}`, {
    method: "POST",
    body: JSON.stringify({ name: "integration", labels: ["self-hosted", label] }),
  });
  expect(queued.status).toBe(201);

  const row = page.getByRole("row", { name: "Job integration" });
  await expect(row).toBeVisible();
  // The pool's cell (the runner's name, once it has one, holds the pool's name too).
  await expect(row.getByRole("cell", { name: new RegExp(`^${pool.name} priority`) })).toBeVisible();
  await expect(row.getByText("running", { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(row.getByText(new RegExp(`^berth-${pool.name}-`))).toBeVisible();
  await snap(page, "runner-job-running");
  await expect(row.getByText("completed", { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(row.getByText("success")).toBeVisible();
  await snap(page, "runner-job-completed");

  // The admin sees the pool on the same page, idle again.
  const adminPage = await browser.newPage();
  await signInThroughForm(adminPage, USERS.admin);
  await adminPage.goto("/runners");
  await expect(adminPage.getByRole("listitem", { name: `Pool ${pool.name}` }).getByText("0 busy · 0 starting · 0 queued")).toBeVisible();
  await adminPage.close();

  expect((await page.request.delete(`/api/services/${serviceId}`)).status()).toBe(204);
  expect((await admin.delete(`/api/runners/pools/${pool.id}`)).status()).toBe(204);
});
