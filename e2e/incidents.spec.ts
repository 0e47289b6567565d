// CI incidents end to end: a connected GitHub repository's failed workflow run appears on the incidents
// page while it is open, with its failed job, and turns resolved when the next run of that workflow on
// that branch passes; the service page shows both runs. The provider emulator sends the deliveries, signed
// with the hook's secret, exactly as GitHub would.
import { randomUUID } from "node:crypto";
import { createEmulatorRepository, signInAndConnectGitHubRepository, signInWithGitHub } from "./support/emulator";
import { expect, snap, test } from "./support/fixtures";

async function reportCiRun(repository: string, run: Record<string, unknown>) {
  const query = new URLSearchParams({ provider: "github", full_name: repository });
  const response = await fetch(`${process.env.E2E_EMULATOR_URL ?? ""}/_control/ci-run?${query}`, { method: "POST", body: JSON.stringify(run) });
  expect(response.status).toBe(200);
}

test("a red workflow appears on the incidents page live and turns resolved when the next run passes", async ({ page }) => {
  const { repository, serviceId } = await signInAndConnectGitHubRepository(page, "ci");

  await page.getByRole("link", { name: "Incidents", exact: true }).click();
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

test("a repository connected to watch CI only makes no service, and its red run shows live beside its runs", async ({ page }) => {
  const name = `ci-only-${randomUUID().slice(0, 8)}`;
  const repository = `octo/${name}`;
  await createEmulatorRepository("github", repository);
  await signInWithGitHub(page);

  await page.getByRole("link", { name: "Incidents", exact: true }).click();
  await page.getByRole("link", { name: "Watch a repository's CI" }).click();
  await page.getByRole("radio", { name: "GitHub" }).check();
  await page.getByLabel("Search your repositories").fill(name);
  await page.getByRole("radio", { name: new RegExp(repository) }).check();
  await expect(page.getByRole("radio", { name: /Watch its CI only/ })).toBeChecked();
  await expect(page.getByLabel("Branch to deploy")).toHaveCount(0);
  await page.getByRole("button", { name: `Watch the CI of ${repository}` }).click();
  await expect(page.getByText("✓ Webhook installed on GitHub: failed CI runs become incidents.")).toBeVisible();
  await page.getByRole("link", { name: "Open incidents" }).click();

  const watched = page.getByRole("list", { name: "Watched repositories" }).getByRole("listitem", { name: repository });
  await expect(watched.getByText("No CI runs received yet.")).toBeVisible();
  const sha = randomUUID().replace(/-/g, "").padEnd(40, "0");
  await reportCiRun(repository, {
    run_id: Math.floor(Math.random() * 1e8),
    workflow: "Lint",
    branch: "main",
    sha,
    status: "completed",
    conclusion: "failure",
    failed_jobs: ["eslint"],
    started_at: new Date(Date.now() - 90_000).toISOString(),
    updated_at: new Date().toISOString(),
  });
  await expect(page.getByRole("listitem", { name: "Lint on main" }).getByText("open", { exact: true })).toBeVisible({ timeout: 20_000 });
  await expect(watched.getByRole("list", { name: "Runs of Lint" }).getByRole("link")).toHaveAttribute("aria-label", new RegExp(`^Lint on main at ${sha.slice(0, 7)}: failure`));
  const services = (await (await page.request.get("/api/services")).json()) as { services: { repository_full_name: string | null }[] };
  expect(services.services.filter((service) => service.repository_full_name === repository)).toEqual([]);
  await snap(page, "ci-only-watched");

  await watched.getByRole("button", { name: "Disconnect repository" }).click();
  await page.getByRole("button", { name: "Disconnect", exact: true }).click();
  await expect(watched).toHaveCount(0);
});
