// Watching deploys in the browser: a repository connected through the wizard, a push shows up on the service page without a reload, its log streams,
// toasts tell the outcome, and a failing health check is rolled back while the old version answers.
import { randomUUID } from "node:crypto";
import { createSampleRepo } from "@/test/support/sample-repo";
import { createEmulatorRepository, signInWithGitHub } from "./support/emulator";
import { expect, snap, test } from "./support/fixtures";

test("a push appears live on the service page; a failed health check is rolled back", async ({ page }) => {
  test.setTimeout(180_000);
  const name = `watch-${randomUUID().slice(0, 8)}`;
  const repository = `octo/${name}`;
  const gitUrl = await createEmulatorRepository("github", repository, { private: true });
  const local = await createSampleRepo();
  try {
    await local.commit("healthy", "Initial", "first");
    await local.pushTo(gitUrl);
    await local.pushTo(gitUrl, "staging");

    await signInWithGitHub(page);
    await page.getByRole("link", { name: "Connect", exact: true }).click();
    await page.getByRole("radio", { name: "GitHub" }).check();
    await page.getByLabel("Search your repositories").fill(name);
    await page.getByRole("radio", { name: new RegExp(repository) }).check();
    await expect(page.getByLabel("Branch to deploy")).toHaveValue("main");
    await expect(page.getByLabel("Branch to deploy").getByRole("option")).toHaveText(["main (default)", "staging"]);
    await expect(page.getByLabel("Service name")).toHaveValue(name);
    await page.getByLabel("Container port").fill("8080");
    await page.getByLabel("Health-check path").fill("/healthz");
    await page.getByLabel("Health-check timeout (s)").fill("3");
    await snap(page, "connect-wizard");
    await page.getByRole("button", { name: `Connect ${repository}` }).click();
    await expect(page.getByText("✓ Webhook installed on GitHub: every push to main deploys")).toBeVisible();
    await page.getByRole("link", { name: `Open ${name}` }).click();
    await expect(page.getByText("No deployments yet.")).toBeVisible();
    const serviceId = new URL(page.url()).pathname.split("/").at(-1) ?? "";

    const sha = await local.commit("healthy", "Live in the browser", "watched");
    await local.pushTo(gitUrl);
    const row = page.getByRole("row").filter({ hasText: "Live in the browser" });
    await expect(row).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole("region", { name: "Notifications as they happen" }).getByText(/is live at/)).toBeVisible({ timeout: 90_000 });
    await expect(row.getByText("live", { exact: true })).toBeVisible();

    await snap(page, "deployed-live");
    await row.getByRole("link", { name: sha.slice(0, 7) }).click();
    const log = page.getByRole("log", { name: "Build and deploy log" });
    await expect(log).toContainText(`Checked out ${sha.slice(0, 7)}`);
    await expect(log).toContainText("Traffic for");
    await expect(page.getByText("The deployment has finished.")).toBeVisible();
    const steps = page.getByRole("list", { name: "Steps" });
    await expect(steps.getByRole("listitem")).toHaveText([/Build: done/, /Deploy: done/, /Health check: done/, /Route traffic: done/]);
    const url = await page.getByRole("link", { name: /^http:\/\// }).textContent();
    expect(await (await fetch(url ?? "")).text()).toBe("watched\n");
    await snap(page, "deployment-log");

    await page.reload();
    await expect(page.getByRole("log", { name: "Build and deploy log" })).toContainText(`Checked out ${sha.slice(0, 7)}`);

    await page.goto(`/services/${serviceId}`);
    await local.commit("unhealthy", "Forgot the health endpoint");
    await local.pushTo(gitUrl);
    await expect(page.getByRole("region", { name: "Notifications as they happen" }).getByText(/was rolled back/)).toBeVisible({ timeout: 90_000 });
    const failed = page.getByRole("row").filter({ hasText: "Forgot the health endpoint" });
    await expect(failed.getByText("rolled back", { exact: true })).toBeVisible();
    await expect(failed).toContainText("Health check failed");
    await snap(page, "rolled-back");
    expect(await (await fetch(url ?? "")).text()).toBe("watched\n");

    await page.getByRole("link", { name: "Dashboard" }).click();
    const summary = page.getByRole("listitem").filter({ hasText: name });
    await expect(summary).toContainText(`live ${sha.slice(0, 7)}`);
    await expect(summary).toContainText("✓ Enabled · deploys on main");

    // The bell's entry opens the rolled-back deployment, whose steps say where it stopped.
    await page.getByRole("button", { name: "Notifications" }).click();
    await page.locator("#notification-list").getByRole("button", { name: /was rolled back/ }).click();
    await expect(page).toHaveURL(/\/deployments\//);
    await expect(page.getByRole("list", { name: "Steps" }).getByRole("listitem")).toHaveText([
      /Build: done/,
      /Deploy: done/,
      /Health check: failed/,
      /Route traffic: not reached/,
      /Roll back: done/,
    ]);
    await snap(page, "rollback-steps");

    await page.goto("/settings");
    expect((await page.request.delete(`/api/services/${serviceId}`)).status()).toBe(204);
  } finally {
    await local.remove();
  }
});
