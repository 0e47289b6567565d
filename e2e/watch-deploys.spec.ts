// Watching deploys in the browser: a push shows up on the service page without a reload, its log streams,
// toasts tell the outcome, and a failing health check is rolled back while the old version answers.
import { randomUUID } from "node:crypto";
import { createSampleRepo } from "@/test/support/sample-repo";
import { createEmulatorRepository, signInWithGitHub } from "./support/emulator";
import { expect, test } from "./support/fixtures";

test("a push appears live on the service page; a failed health check is rolled back", async ({ page }) => {
  test.setTimeout(180_000);
  const repository = `octo/watch-${randomUUID().slice(0, 8)}`;
  const gitUrl = await createEmulatorRepository("github", repository, { private: true });
  const local = await createSampleRepo();
  try {
    await local.commit("healthy", "Initial", "first");
    await local.pushTo(gitUrl);

    await signInWithGitHub(page);
    const connected = await page.request.post("/api/repositories/connect", {
      data: { provider: "github", repository_full_name: repository, runtime: { container_port: 8080, health_check_path: "/healthz", health_check_timeout_s: 3 } },
    });
    const { service } = (await connected.json()) as { service: { id: string } };

    await page.goto(`/services/${service.id}`);
    await expect(page.getByText("No deployments yet.")).toBeVisible();

    const sha = await local.commit("healthy", "Live in the browser", "watched");
    await local.pushTo(gitUrl);
    const row = page.getByRole("row").filter({ hasText: "Live in the browser" });
    await expect(row).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole("region", { name: "Notifications as they happen" }).getByText(/is live at/)).toBeVisible({ timeout: 90_000 });
    await expect(row.getByText("live", { exact: true })).toBeVisible();

    await row.getByRole("link", { name: sha.slice(0, 7) }).click();
    const log = page.getByRole("log", { name: "Build and deploy log" });
    await expect(log).toContainText(`Checked out ${sha.slice(0, 7)}`);
    await expect(log).toContainText("Traffic for");
    await expect(page.getByText("The deployment has finished.")).toBeVisible();
    await expect(page.getByRole("list", { name: "Steps" })).toContainText("Health check");
    const url = await page.getByRole("link", { name: /^http:\/\// }).textContent();
    expect(await (await fetch(url ?? "")).text()).toBe("watched\n");

    await page.reload();
    await expect(page.getByRole("log", { name: "Build and deploy log" })).toContainText(`Checked out ${sha.slice(0, 7)}`);

    await page.goto(`/services/${service.id}`);
    await local.commit("unhealthy", "Forgot the health endpoint");
    await local.pushTo(gitUrl);
    await expect(page.getByRole("region", { name: "Notifications as they happen" }).getByText(/was rolled back/)).toBeVisible({ timeout: 90_000 });
    const failed = page.getByRole("row").filter({ hasText: "Forgot the health endpoint" });
    await expect(failed.getByText("failed", { exact: true })).toBeVisible();
    await expect(failed).toContainText("Health check failed");
    expect(await (await fetch(url ?? "")).text()).toBe("watched\n");

    await page.getByRole("link", { name: "Dashboard" }).click();
    const summary = page.getByRole("listitem").filter({ hasText: repository.split("/")[1] ?? "" });
    await expect(summary).toContainText(`live ${sha.slice(0, 7)}`);
    await expect(summary).toContainText("✓ Enabled · deploys on main");

    await page.getByRole("button", { name: "Notifications" }).click();
    await expect(page.locator("#notification-list")).toContainText("was rolled back");

    expect((await page.request.delete(`/api/services/${service.id}`)).status()).toBe(204);
  } finally {
    await local.remove();
  }
});
