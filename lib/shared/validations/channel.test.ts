import { describe, expect, it } from "vitest";
import { createChannelSchema, DEFAULT_CHANNEL_EVENTS, updateChannelSchema } from "./channel";

const slack = { kind: "slack", name: "Team", url: "https://hooks.slack.com/services/T0/B0/x" };

describe("channel input", () => {
  it("fills in the default events and no service", () => {
    expect(createChannelSchema.parse(slack)).toMatchObject({ events: DEFAULT_CHANNEL_EVENTS, service_id: null });
    expect(DEFAULT_CHANNEL_EVENTS).not.toContain("deployment_completed");
  });

  it.each([
    ["a javascript: URL", { ...slack, url: "javascript:alert(1)" }],
    ["a file: URL", { ...slack, url: "file:///etc/passwd" }],
    ["a URL over 2 KB", { ...slack, url: `https://hooks.example/${"a".repeat(2100)}` }],
    ["an unknown event", { ...slack, events: ["deployment_completed", "everything"] }],
    ["no event at all", { ...slack, events: [] }],
    ["a field of another kind", { ...slack, address: "a@b.test" }],
    ["an unknown kind", { ...slack, kind: "sms" }],
    ["an email that is not one", { kind: "email", name: "Mail", address: "team at example" }],
    ["a service id that is a path", { ...slack, service_id: "../../admin" }],
    ["an empty name", { ...slack, name: "   " }],
  ])("refuses %s", (_what, input) => {
    expect(createChannelSchema.safeParse(input).success).toBe(false);
  });

  it("changes only what it knows, and something", () => {
    expect(updateChannelSchema.safeParse({}).success).toBe(false);
    expect(updateChannelSchema.safeParse({ url: "https://elsewhere.example" }).success).toBe(false);
    expect(updateChannelSchema.parse({ events: ["incident_opened", "incident_opened"] })).toEqual({ events: ["incident_opened"] });
  });
});
