// Every page fits a phone's width, and the interactive parts work from the keyboard alone.
import { randomUUID } from "node:crypto";
import { githubDelivery } from "@/test/support/github-delivery";
import { expect, signInThroughForm, snap, test } from "./support/fixtures";
import { USERS } from "./support/users";

test.use({ viewport: { width: 390, height: 844 } });

test("pages fit a phone and deliveries, notifications and forms work by keyboard", async ({ page }) => {
  await signInThroughForm(page, USERS.admin);
  const created = await page.request.post("/api/services", {
    data: { name: `phone-${randomUUID().slice(0, 8)}`, provider: "github", repository_full_name: "acme/a-rather-long-repository-name", clone_url: "https://github.com/acme/a-rather-long-repository-name.git" },
  });
  const service = (await created.json()) as { id: string };
  const { url, secret } = (await (await page.request.get(`/api/services/${service.id}/webhook-url?provider=github`)).json()) as { url: string; secret: string };
  const ping = githubDelivery(secret, "ping", { zen: "Keep it logically awesome.", hook_id: 1, repository: { full_name: "acme/a-rather-long-repository-name" } });
  expect((await page.request.post(url, { headers: ping.headers, data: ping.body })).status()).toBe(200);

  for (const [name, path] of [
    ["dashboard", "/"],
    ["service", `/services/${service.id}`],
    ["deliveries", "/deliveries"],
    ["connect", "/services/connect"],
    ["settings", "/settings"],
  ] as const) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.locator("[aria-busy=true]")).toHaveCount(0);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${path} is wider than the phone`).toBeLessThanOrEqual(0);
    await snap(page, `phone-${name}`);
  }

  // Deliveries: open one with Enter, land on it, close it again.
  await page.goto("/deliveries");
  await page.getByRole("button", { name: /^Inspect delivery/ }).first().focus();
  await page.keyboard.press("Enter");
  const heading = page.getByRole("heading", { name: /^Delivery / });
  await expect(heading).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Close" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(heading).toHaveCount(0);

  // Filters: typing and Enter applies them.
  await page.getByLabel("Event").focus();
  await page.keyboard.type("push");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/event=push/);
  await expect(page.getByText("No delivery matches these filters.")).toBeVisible();

  // The notification list opens with Enter and closes with Escape, giving focus back.
  const bell = page.getByRole("button", { name: "Notifications" });
  await bell.focus();
  await page.keyboard.press("Enter");
  await expect(page.locator("#notification-list")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.locator("#notification-list")).toHaveCount(0);
  await expect(bell).toBeFocused();

  // The secret is revealed and hidden from the keyboard.
  await page.goto(`/services/${service.id}`);
  const reveal = page.getByRole("button", { name: "Reveal secret" });
  await reveal.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Secret", { exact: true })).toHaveText(secret);
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Secret", { exact: true })).not.toHaveText(secret);

  expect((await page.request.delete(`/api/services/${service.id}`)).status()).toBe(204);
});
