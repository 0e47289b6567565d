// The service's webhook panel and the deliveries page, in the browser: a signed test delivery through the
// real receiver, reveal and rotate the secret (the provider's hook follows), inspect and replay the delivery,
// disconnect (the provider's hook is removed), a webhook set up by hand, pausing, and the deploy hook.
import { createHmac, randomUUID } from "node:crypto";
import { createEmulatorRepository, setProviderDown, signInWithGitHub } from "./support/emulator";
import { expect, signInThroughForm, snap, test } from "./support/fixtures";
import { USERS } from "./support/users";

async function emulatorHooks(fullName: string) {
  const query = new URLSearchParams({ provider: "github", full_name: fullName });
  return (await (await fetch(`${process.env.E2E_EMULATOR_URL ?? ""}/_control/hooks?${query}`)).json()) as { url: string; secret: string }[];
}

test("test delivery, secret rotation, replay from the deliveries page and disconnect", async ({ page }) => {
  test.setTimeout(90_000);
  const name = `panel-${randomUUID().slice(0, 8)}`;
  const repository = `octo/${name}`;
  await createEmulatorRepository("github", repository);
  await signInWithGitHub(page);
  const connected = await page.request.post("/api/repositories/connect", { data: { provider: "github", repository_full_name: repository } });
  const { service } = (await connected.json()) as { service: { id: string } };

  await page.goto(`/services/${service.id}`);
  const panel = page.getByRole("region", { name: "Webhook" });
  await expect(panel).toContainText("✓ Enabled · deploys on main");
  await expect(panel).toContainText(`/api/webhooks/github/${service.id}`);

  await panel.getByRole("button", { name: "Send test delivery" }).click();
  const result = panel.getByRole("status", { name: "Test delivery result" });
  await expect(result).toContainText(/HTTP 200 in \d+ ms/);
  await expect(result).toContainText('"status": "pong"');

  await panel.getByRole("button", { name: "Reveal secret" }).click();
  const secret = panel.getByLabel("Secret", { exact: true });
  await expect(secret).toHaveText(/^[0-9a-f]{64}$/);
  const before = await secret.textContent();
  expect((await emulatorHooks(repository))[0]?.secret).toBe(before);

  await panel.getByRole("button", { name: "Rotate secret" }).click();
  await panel.getByRole("group", { name: "Confirm rotation" }).getByRole("button", { name: "Rotate" }).click();
  await expect(panel.getByText("Secret rotated and the provider's webhook updated.")).toBeVisible();
  await expect(secret).not.toHaveText(before ?? "");
  const after = await secret.textContent();
  expect(after).toMatch(/^[0-9a-f]{64}$/);
  expect((await emulatorHooks(repository))[0]?.secret).toBe(after);
  await snap(page, "webhook-panel");

  // The test delivery is in the audit log; open it, read what arrived, replay it.
  await panel.getByRole("link", { name: "Deliveries" }).click();
  await expect(page.getByRole("heading", { name: "Webhook deliveries" })).toBeVisible();
  await expect(page.getByText(`Only deliveries for ${name}.`)).toBeVisible();
  await expect(page.getByRole("img", { name: /deliveries in the last 24 hours/ })).toBeVisible();
  await page.getByLabel("Status").selectOption("processed");
  await expect(page).toHaveURL(/status=processed/);
  const rows = page.getByRole("table", { name: "Webhook deliveries" }).getByRole("row").filter({ hasText: "ping" });
  await expect(rows).toHaveCount(1);
  await rows.getByRole("button", { name: /^Inspect delivery/ }).click();
  const viewer = page.getByRole("region", { name: /^Delivery / });
  await expect(viewer).toContainText("x-github-event");
  await expect(viewer.getByLabel("Payload")).toContainText("Sent from Berth.");
  await expect(viewer).not.toContainText(after ?? "");
  await viewer.getByRole("button", { name: "Replay" }).click();
  await expect(viewer.getByRole("status", { name: "Replay result" })).toContainText("Replayed: pong");
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText("replay");
  await snap(page, "deliveries");

  await page.getByLabel("Status").selectOption("rejected");
  await expect(page.getByText("No delivery matches these filters.")).toBeVisible();

  await page.goto(`/services/${service.id}`);
  await panel.getByRole("button", { name: "Disconnect repository" }).click();
  await expect(panel.getByRole("group", { name: "Confirm disconnect" })).toContainText(`Disconnect ${repository}? Berth removes its webhook from GitHub`);
  await panel.getByRole("button", { name: "Disconnect", exact: true }).click();
  await expect(panel.getByRole("status")).toHaveText(`Disconnected ${repository}; its webhook was removed`);
  await expect(panel).toContainText("No webhook: pushes do not deploy this service.");
  expect(await emulatorHooks(repository)).toEqual([]);
  await snap(page, "disconnected");

  expect((await page.request.delete(`/api/services/${service.id}`)).status()).toBe(204);
});

test("the connect wizard reports a webhook the provider could not take, and retry installs it", async ({ page }) => {
  const name = `down-${randomUUID().slice(0, 8)}`;
  const repository = `octo/${name}`;
  await createEmulatorRepository("github", repository);
  await signInWithGitHub(page);

  await page.goto("/services/connect?provider=github");
  await expect(page.getByRole("radio", { name: "GitHub" })).toBeChecked();
  await expect(page.getByRole("button", { name: "Link GitLab" })).toBeVisible();
  await page.getByLabel("Search your repositories").fill(name);
  // The search has settled (no request left to fail once the provider is down).
  await expect(page.locator('input[name="repository"]')).toHaveCount(1);
  await page.getByRole("radio", { name: new RegExp(repository) }).check();
  await expect(page.getByLabel("Branch to deploy")).toBeVisible();

  await setProviderDown("github", true);
  try {
    await page.getByRole("button", { name: `Connect ${repository}` }).click();
    await expect(page.getByRole("region", { name: `Connected ${repository}` }).getByRole("alert")).toContainText("The service was created, but GitHub did not take the webhook:");
    expect(await emulatorHooks(repository)).toEqual([]);
  } finally {
    await setProviderDown("github", false);
  }
  await snap(page, "webhook-failed");
  await page.getByRole("button", { name: "Try the webhook again" }).click();
  await expect(page.getByText("✓ Webhook installed on GitHub: every push to main deploys")).toBeVisible();
  expect(await emulatorHooks(repository)).toHaveLength(1);

  await page.getByRole("link", { name: `Open ${name}` }).click();
  await expect(page.getByRole("region", { name: "Webhook" })).toContainText("✓ Enabled · deploys on main");
  const serviceId = new URL(page.url()).pathname.split("/").at(-1) ?? "";
  expect((await page.request.delete(`/api/services/${serviceId}`)).status()).toBe(204);
});

test("a service added by hand gets its webhook by hand, can pause deploys, and a plain Git server gets a deploy hook", async ({ page }) => {
  await signInThroughForm(page, USERS.admin);
  const suffix = randomUUID().slice(0, 8);
  const create = async (name: string, provider: string) =>
    ((await (await page.request.post("/api/services", { data: { name, provider, clone_url: `https://git.example.test/acme/${name}.git` } })).json()) as { id: string }).id;
  const gitlabId = await create(`manual-${suffix}`, "gitlab");

  await page.goto(`/services/${gitlabId}`);
  const panel = page.getByRole("region", { name: "Webhook" });
  await expect(panel).toContainText("No webhook: pushes do not deploy this service.");
  await panel.getByRole("button", { name: "Set it up by hand" }).click();
  await expect(panel).toContainText(`/api/webhooks/gitlab/${gitlabId}`);
  await expect(panel).toContainText("Waiting for the first delivery");
  await panel.getByText("Set it up by hand on GitLab").click();
  await expect(panel.getByRole("listitem").filter({ hasText: "Secret token: the secret shown here." })).toBeVisible();
  await panel.getByRole("button", { name: "Send test delivery" }).click();
  await expect(panel.getByRole("status", { name: "Test delivery result" })).toContainText('"status": "received"');

  await panel.getByRole("checkbox", { name: "Deploy on push" }).uncheck();
  await expect(panel).toContainText("Paused: deliveries are recorded, nothing deploys");
  await snap(page, "manual-webhook-paused");
  await page.getByRole("link", { name: "Dashboard" }).click();
  await expect(page.getByRole("listitem").filter({ hasText: `manual-${suffix}` })).toContainText("Webhook disabled");

  const gitId = await create(`plain-${suffix}`, "git");
  await page.goto(`/services/${gitId}`);
  await panel.getByRole("button", { name: "Create a deploy hook" }).click();
  await expect(panel.getByText(`/api/hooks/deploy/${gitId}`)).toBeVisible();
  await expect(panel).not.toContainText("Payload URL");
  await panel.getByRole("button", { name: "Reveal secret" }).click();
  const secret = (await panel.getByLabel("Secret", { exact: true }).textContent()) ?? "";
  expect(secret).toMatch(/^[0-9a-f]{64}$/);
  const body = JSON.stringify({ branch: "main" });
  const hook = await page.request.post(`/api/hooks/deploy/${gitId}`, {
    headers: { "content-type": "application/json", "x-berth-signature": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}` },
    data: Buffer.from(body),
  });
  expect(hook.status()).toBe(202);

  // Away from the pages that would refetch what is about to be deleted.
  await page.goto("/settings");
  for (const id of [gitlabId, gitId]) expect((await page.request.delete(`/api/services/${id}`)).status()).toBe(204);
});
