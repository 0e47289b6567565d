// CI incidents end to end: a connected GitHub repository's failed workflow run appears on the incidents
// page while it is open, with its failed job, and turns resolved when the next run of that workflow on
// that branch passes; the service page shows both runs. The provider emulator sends the deliveries, signed
// with the hook's secret, exactly as GitHub would.
import { randomUUID } from "node:crypto";
import { signInAndConnectGitHubRepository } from "./support/emulator";
import { expect, snap, test } from "./support/fixtures";

async function reportCiRun(repository: string, run: Record<string, unknown>) {
  const query = new URLSearchParams({ provider: "github", full_name: repository });
  const response = await fetch(`${process.env.E2E_EMULATOR_URL ?? ""}/_control/ci-run?${query}`, { method: "POST", body: JSON.stringify(run) });
  expect(response.status).toBe(200);
}

test("a red workflow appears on the incidents page live and turns resolved when the next run passes", async ({ page }) => {
  const { repository, serviceId } = await signInAndConnectGitHubRepository(page, "ci");

  await page.getByRole("link", { name: "Incidents" }).click();
  await expect(page.getByRole("heading", { name: "Incidents", level: 1 })).toBeVisible();

  const runId = Math.floor(Math.random() * 1e8);
  const sha = randomUUID().replace(/-/g, "").padEnd(40, "0");
  await reportCiRun(repository, {
    run_id: runId,
    workflow: "Tests",
    branch: "main",
    sha,
    author: "Jane Doe",
    status: "completed",
    conclusion: "failure",
    failed_jobs: ["unit"],
    started_at: new Date(Date.now() - 120_000).toISOString(),
    updated_at: new Date(Date.now() - 60_000).toISOString(),
  });

  // Live, without a reload: the delivery goes through the emulator, the receiver and the SSE stream, on a
  // machine the other suites keep busy.
  const card = page.getByRole("listitem", { name: "Tests on main" });
  await expect(card).toBeVisible({ timeout: 20_000 });
  await expect(card.getByText("open", { exact: true })).toBeVisible();
  await expect(card.getByText(`by Jane Doe`)).toBeVisible();
  await expect(card.getByRole("list", { name: "Failed jobs" }).getByRole("link", { name: "unit" })).toHaveAttribute("href", new RegExp(`/actions/runs/${runId}/job/`));
  await snap(page, "incident-open");

  await reportCiRun(repository, {
    run_id: runId + 1,
    workflow: "Tests",
    branch: "main",
    sha,
    status: "completed",
    conclusion: "success",
    started_at: new Date(Date.now() - 30_000).toISOString(),
    updated_at: new Date().toISOString(),
  });
  await expect(card.getByText("resolved", { exact: true })).toBeVisible({ timeout: 20_000 });
  await expect(card.getByText(/was red for .*, fixed by a green run/)).toBeVisible();
  await snap(page, "incident-resolved");

  await page.goto(`/services/${serviceId}`);
  const runs = page.getByRole("list", { name: "Runs of Tests" });
  await expect(runs.getByRole("listitem")).toHaveCount(2);
  await expect(runs.getByRole("link").last()).toHaveAttribute("aria-label", new RegExp(`^Tests on main at ${sha.slice(0, 7)}: success`));

  // Holding pushes for green CI is one switch on the same page.
  const greenOnly = page.getByRole("checkbox", { name: "Only when CI is green" });
  await greenOnly.check();
  await expect
    .poll(async () => ((await (await page.request.get(`/api/services/${serviceId}`)).json()) as { connection: { wait_for_ci: boolean } }).connection.wait_for_ci)
    .toBe(true);

  expect((await page.request.delete(`/api/services/${serviceId}`)).status()).toBe(204);
});
