import { expect, signInThroughForm, test } from "./support/fixtures";
import { USERS } from "./support/users";

test("the local admin signs in, sees the empty dashboard and signs out", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2F$/);

  await signInThroughForm(page, USERS.admin);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { name: "No services yet" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Connect a repository" })).toBeVisible();
  await expect(page.getByText(USERS.admin.email)).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fsettings$/);
});

test.describe("a refused sign-in", () => {
  test.use({ expectedHttpErrors: [401] });

  test("shows a message and leaves the user signed out", async ({ page }) => {
    await page.goto("/signin");
    await page.getByLabel("Email").fill(USERS.admin.email);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password." })).toBeVisible();
    await page.goto("/");
    await expect(page).toHaveURL(/\/signin/);
  });
});

test("after sign-in the user lands where they were going", async ({ page }) => {
  await page.goto("/settings");
  await page.getByLabel("Email").fill(USERS.admin.email);
  await page.getByLabel("Password").fill(USERS.admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Settings" })).toBeVisible();
  await expect(page.getByText("embedded PostgreSQL")).toBeVisible();
  await expect(page.getByText("Enabled (local account)")).toBeVisible();
});
