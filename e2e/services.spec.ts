import { expect, signInThroughForm, test } from "./support/fixtures";
import { USERS } from "./support/users";

test.use({ expectedHttpErrors: [422] });

test("a service created with the form shows on the dashboard, keeps its secrets hidden, and can be deleted", async ({ page }) => {
  await signInThroughForm(page, USERS.admin);
  await page.getByRole("link", { name: "New service" }).first().click();
  await expect(page.getByRole("heading", { name: "New service" })).toBeVisible();

  // Invalid input first: the server's field messages show, nothing is created.
  await page.getByLabel("Service name").fill("Shop Front");
  await page.getByLabel("Clone URL").fill("ftp://insecure.example/shop.git");
  await page.getByRole("button", { name: "Create service" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Invalid request" })).toBeVisible();
  await expect(page.getByLabel("Service name")).toHaveAccessibleDescription(/use lower-case letters, digits and hyphens/);
  await expect(page.getByLabel("Clone URL")).toHaveAccessibleDescription(/must be an https:\/\/ URL/);

  await page.getByLabel("Service name").fill("shop-front");
  await page.getByLabel("Git provider").selectOption("gitlab");
  await page.getByLabel("Clone URL").fill("https://gitlab.example.com/acme/shop-front.git");
  await page.getByLabel("Branch to deploy").fill("production");
  await page.getByLabel("Access").selectOption("token");
  await page.getByLabel("Access token").fill("glpat-e2e-secret-token");
  await page.getByLabel("Container port").fill("8080");
  await page.getByLabel("Health-check path").fill("/healthz");
  await page.getByLabel("Environment variables").fill("API_KEY=e2e-hidden-value\nMODE=live");
  await page.getByRole("button", { name: "Create service" }).click();

  await expect(page.getByRole("heading", { name: "shop-front" })).toBeVisible();
  await expect(page.getByText("acme/shop-front · deploys production")).toBeVisible();
  await expect(page.getByText("API_KEY=••••••")).toBeVisible();
  await expect(page.getByLabel("Access")).toHaveValue("keep");
  await expect(page.locator("body")).not.toContainText("e2e-hidden-value");
  await expect(page.locator("body")).not.toContainText("glpat-e2e-secret-token");

  await page.getByLabel("Health-check path").fill("/ready");
  await page.getByRole("button", { name: "Remove MODE" }).click();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status")).toHaveText("Saved.");
  await expect(page.getByText("MODE=••••••")).toHaveCount(0);
  await page.reload();
  await expect(page.getByLabel("Health-check path")).toHaveValue("/ready");
  await expect(page.getByText("deploys production · as a container")).toBeVisible();

  // Deploy targets: Swarm with its replicas; Portainer refused, by name, on an instance without it.
  await page.getByLabel("Where it runs").selectOption("swarm");
  await page.getByLabel("Replicas").fill("3");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("deploys production · on Docker Swarm, 3 replicas")).toBeVisible();
  await page.getByLabel("Where it runs").selectOption("portainer");
  await page.getByLabel("Portainer stack id").fill("7");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByLabel("Where it runs")).toHaveAccessibleDescription(/Portainer is not configured on this instance \(PORTAINER_URL\)/);
  await page.reload();
  await expect(page.getByLabel("Where it runs")).toHaveValue("swarm");
  await expect(page.getByLabel("Replicas")).toHaveValue("3");

  await page.getByRole("link", { name: "Dashboard" }).click();
  const row = page.getByRole("listitem").filter({ hasText: "shop-front" });
  await expect(row).toContainText("acme/shop-front · production");
  await expect(row).toContainText("not deployed");
  await expect(row).toContainText("Webhook not configured");

  await row.getByRole("link", { name: "shop-front" }).click();
  await page.getByRole("button", { name: "Delete service" }).click();
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(page.getByRole("heading", { name: "No services yet" })).toBeVisible();
});
