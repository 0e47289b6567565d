import { describe, expect, it } from "vitest";
import { composeMessage, type ChannelEventPayload } from "./compose-message";

const event: ChannelEventPayload = {
  type: "deployment_failed",
  severity: "error",
  message: "web@abc1234 failed: <script> & <!here>",
  service: { id: "s1", name: "web" },
  deployment_id: "d1",
  link: "https://berth.example/deployments/d1",
  created_at: "2026-11-29T04:00:00.000Z",
};

describe("messages for each channel", () => {
  it("escapes Slack's control characters, so outside text cannot ping a channel", () => {
    const message = composeMessage("slack", event);
    if (message.kind !== "http") throw new Error("not http");
    const text = (JSON.parse(message.body) as { blocks: { text: { text: string } }[] }).blocks[0]?.text.text ?? "";
    expect(text).toContain("&lt;!here&gt;");
    expect(text).not.toContain("<!here>");
    expect(text).toContain("<https://berth.example/deployments/d1|Open in Berth>");
  });

  it("keeps an email subject on one line", () => {
    const message = composeMessage("email", { ...event, service: { id: "s1", name: "web\r\nBcc: everyone@example.test" } });
    expect(message.kind === "email" && message.subject).toBe("[Berth] Deploy failed: web Bcc: everyone@example.test");
  });

  it("cuts a long message to what Discord takes", () => {
    const message = composeMessage("discord", { ...event, message: "x".repeat(10_000) });
    if (message.kind !== "http") throw new Error("not http");
    expect((JSON.parse(message.body) as { embeds: { description: string }[] }).embeds[0]?.description).toHaveLength(4000);
  });

  it("sends a webhook the event exactly as stored", () => {
    const message = composeMessage("webhook", event);
    expect(message.kind === "http" && JSON.parse(message.body)).toEqual(event);
  });
});
