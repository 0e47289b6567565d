// Notification channels through the browser: from Settings to the Notifications page, a Slack channel that
// gets a test message, a failing one that says why, and a webhook channel whose signing secret shows once.
import { startCaptureServer } from "@/test/support/capture-server";
import { expect, signInThroughForm, test } from "./support/fixtures";
import { USERS } from "./support/users";

test("a channel is added, tested, shown failing with the reason, and a webhook's secret shows once", async ({ page }) => {
  const receiver = await startCaptureServer();
  try {
    await signInThroughForm(page, USERS.other);
    await page.goto("/settings");
    await page.getByRole("link", { name: "Slack, Discord, email and webhook channels" }).click();
    await expect(page.getByRole("heading", { name: "Notifications", exact: true })).toBeVisible();

    await page.getByLabel("Kind").selectOption("slack");
    await page.getByLabel("Name").fill("Team room");
    await page.getByLabel("Slack incoming webhook URL").fill(`${receiver.url}/services/T000/B000/secret-part`);
    await page.getByRole("button", { name: "Add channel" }).click();
    const card = page.getByRole("listitem", { name: "Channel Team room" });
    await expect(card).toContainText(`Slack · ${new URL(receiver.url).host}`);
    await expect(card).not.toContainText("secret-part");

    await card.getByRole("button", { name: "Send test" }).click();
    await expect(card.getByRole("status")).toHaveText("The test message was sent.");
    const sent = JSON.parse(receiver.requests.at(-1)?.body ?? "{}") as { blocks?: { text: { text: string } }[] };
    expect(sent.blocks?.[0]?.text.text).toContain('This is a test message for the channel "Team room"');

    receiver.answerWith(500);
    await card.getByRole("button", { name: "Send test" }).click();
    await expect(card.getByRole("status")).toHaveText("The test message could not be sent: Answered 500: no_service");
    await expect(card).toContainText("Failed after 1 try: Answered 500: no_service");
    await card.getByRole("button", { name: "Log" }).click();
    await expect(card.getByRole("list", { name: "Delivery log" }).getByRole("listitem")).toHaveCount(2);

    await page.getByLabel("Kind").selectOption("webhook");
    await page.getByLabel("Name").fill("Pager");
    await page.getByLabel("Webhook URL").fill(`${receiver.url}/berth`);
    await page.getByRole("button", { name: "Add channel" }).click();
    const secret = page.getByRole("status").filter({ hasText: "shown this once" });
    await expect(secret.locator("code")).toHaveText(/^whsec_/);
    await page.reload();
    await expect(page.getByText(/whsec_/)).toHaveCount(0);
    await expect(page.getByRole("listitem", { name: "Channel Pager" })).toBeVisible();
  } finally {
    await receiver.stop();
  }
});
