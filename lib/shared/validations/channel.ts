// Notification channels as users make and change them (POST/PATCH /api/channels): what each kind needs,
// and which notifications may go to a channel.
import { z } from "zod";

export const CHANNEL_KINDS = ["slack", "discord", "email", "webhook"] as const;
export type ChannelKindName = (typeof CHANNEL_KINDS)[number];

export const CHANNEL_KIND_LABELS: Record<ChannelKindName, string> = { slack: "Slack", discord: "Discord", email: "Email", webhook: "Webhook" };

// The notifications worth a message outside Berth, with how people call them.
export const CHANNEL_EVENTS = {
  deployment_completed: "Deploy live",
  build_failed: "Build failed",
  deployment_failed: "Deploy failed",
  deployment_rollback: "Rolled back",
  deployment_rollback_failed: "Rollback failed",
  webhook_failed: "Webhook failing",
  incident_opened: "CI incident opened",
  incident_resolved: "CI incident resolved",
  preview_awaiting_approval: "Preview waits for approval",
  service_restored: "Container restored",
  push_reconciled: "Missed push deployed",
} as const;
export type ChannelEvent = keyof typeof CHANNEL_EVENTS;
const EVENT_NAMES = Object.keys(CHANNEL_EVENTS) as [ChannelEvent, ...ChannelEvent[]];

// Everything but a live deploy, by default: the news a team acts on.
export const DEFAULT_CHANNEL_EVENTS: ChannelEvent[] = EVENT_NAMES.filter((event) => event !== "deployment_completed");

const name = z.string().trim().min(1, "is required").max(80);
const events = z
  .array(z.enum(EVENT_NAMES))
  .min(1, "pick at least one event")
  .max(EVENT_NAMES.length)
  .transform((list) => [...new Set(list)]);
// Checked again, with its address, when the channel is saved and before every send (lib/server/net/outgoing-post.ts).
const hookUrl = z.url({ protocol: /^https?$/, error: "must be an https:// URL" }).max(2048);
const serviceId = z.string().regex(/^[a-z0-9-]{1,64}$/i, "must be a service id").nullable().default(null);

const common = { name, events: events.default(DEFAULT_CHANNEL_EVENTS), service_id: serviceId };

export const createChannelSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("slack"), url: hookUrl, ...common }).strict(),
  z.object({ kind: z.literal("discord"), url: hookUrl, ...common }).strict(),
  z.object({ kind: z.literal("webhook"), url: hookUrl, ...common }).strict(),
  z.object({ kind: z.literal("email"), address: z.email({ error: "must be an email address" }).max(254), ...common }).strict(),
]);
export type CreateChannelInput = z.infer<typeof createChannelSchema>;

export const updateChannelSchema = z
  .object({ name: name.optional(), events: events.optional(), enabled: z.boolean().optional() })
  .strict()
  .refine((input) => Object.keys(input).length > 0, { message: "nothing to change" });
export type UpdateChannelInput = z.infer<typeof updateChannelSchema>;

export const channelDeliveryQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });
