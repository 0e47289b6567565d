// API tokens through the browser and then from a script: made on the settings page (shown once), used with
// Authorization: Bearer from outside the browser within its scope, refused once revoked.
import { expect, signInThroughForm, test } from "./support/fixtures";
import { USERS } from "./support/users";

test("a token made in Settings works for a script within its scope until it is revoked", async ({ page, baseURL }) => {
  await signInThroughForm(page, USERS.other);
  await page.goto("/settings");
  await page.getByRole("link", { name: "Personal API tokens for scripts and CI" }).click();
  await expect(page.getByRole("heading", { name: "API tokens", exact: true })).toBeVisible();

  await page.getByLabel("Name").fill("read-only script");
  await page.getByLabel("Scope").selectOption("read");
  await page.getByRole("button", { name: "Create token" }).click();
  const secret = (await page.getByLabel("The new token").textContent()) ?? "";
  expect(secret).toMatch(/^berth_[A-Za-z0-9_-]{43}$/);
  const row = page.getByRole("row", { name: "Token read-only script" });
  await expect(row).toContainText(`${secret.slice(0, 12)}…`);
  await expect(row).toContainText("active");

  const script = (path: string, init: RequestInit = {}) => fetch(`${baseURL}${path}`, { ...init, headers: { authorization: `Bearer ${secret}`, "content-type": "application/json", ...init.headers } });
  expect((await script("/api/services")).status).toBe(200);
  const deploy = await script("/api/services/none/deployments", { method: "POST", body: "{}" });
  expect(deploy.status).toBe(403);
  expect(await deploy.json()).toEqual({ detail: "This token's scope is read; this request needs deploy" });

  await page.reload();
  // Used by the script: "Last used" is a time now, not "never" (it expires in 90 days).
  await expect(row).not.toContainText("never");
  await row.getByRole("button", { name: "Revoke" }).click();
  await expect(row).toContainText("revoked");
  const revoked = await script("/api/services");
  expect(revoked.status).toBe(401);
  expect(await revoked.json()).toEqual({ detail: "The API token is not valid: it is unknown, revoked or expired" });
  await page.reload();
  await expect(page.getByText(secret)).toHaveCount(0);
});
