// A notification as each kind of channel takes it. The text comes from outside (commit messages, branch and
// workflow names), so it is escaped for Slack's mrkdwn and Discord may mention nobody: a commit message
// saying <!channel> or @everyone pages no one.
import { CHANNEL_EVENTS, type ChannelKindName } from "@/lib/shared/validations/channel";

// What is stored with a delivery and sent as is to an outgoing webhook.
export type ChannelEventPayload = {
  type: string;
  severity: "info" | "success" | "warning" | "error" | "critical";
  message: string;
  service: { id: string; name: string } | null;
  deployment_id: string | null;
  // The page in Berth that says more.
  link: string;
  created_at: string;
};

const COLORS: Record<ChannelEventPayload["severity"], number> = { info: 0x0284c7, success: 0x16a34a, warning: 0xd97706, error: 0xdc2626, critical: 0x7f1d1d };
const MARKS: Record<ChannelEventPayload["severity"], string> = { info: "ℹ️", success: "✅", warning: "⚠️", error: "❌", critical: "🚨" };

export function titleOf(event: ChannelEventPayload): string {
  const what = CHANNEL_EVENTS[event.type as keyof typeof CHANNEL_EVENTS] ?? (event.type === "channel_test" ? "Test message" : event.type);
  return event.service ? `${what}: ${event.service.name}` : what;
}

const cut = (text: string, limit: number) => (text.length <= limit ? text : `${text.slice(0, limit - 1)}…`);
const slackEscape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export type ComposedMessage = { kind: "http"; body: string } | { kind: "email"; subject: string; text: string };

export function composeMessage(kind: ChannelKindName, event: ChannelEventPayload): ComposedMessage {
  const title = titleOf(event);
  switch (kind) {
    case "slack": {
      const text = `${MARKS[event.severity]} *${slackEscape(title)}*\n${slackEscape(cut(event.message, 2900))}\n<${event.link}|Open in Berth>`;
      return { kind: "http", body: JSON.stringify({ text: `${title}: ${cut(event.message, 300)}`, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] }) };
    }
    case "discord":
      return {
        kind: "http",
        body: JSON.stringify({
          username: "Berth",
          allowed_mentions: { parse: [] },
          embeds: [{ title: cut(title, 256), description: cut(event.message, 4000), url: event.link, color: COLORS[event.severity], timestamp: event.created_at }],
        }),
      };
    case "webhook":
      return { kind: "http", body: JSON.stringify(event) };
    case "email":
      return { kind: "email", subject: cut(`[Berth] ${title}`.replace(/[\r\n]+/g, " "), 200), text: `${event.message}\n\n${event.link}\n\n— Berth` };
  }
}
