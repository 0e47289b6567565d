import { describe, expect, it } from "vitest";
import { decide } from "@/lib/server/webhooks/decide";
import { PROVIDERS } from "@/lib/server/webhooks/providers";
import { signedPing } from "./test-delivery";
import { WEBHOOK_PROVIDERS } from "@/lib/server/webhooks/types";

const service = { branch: "main", deployTags: true };

describe("signedPing", () => {
  it.each(WEBHOOK_PROVIDERS)("%s: verifies with the secret, fails with another, and never deploys", async (provider) => {
    const adapter = PROVIDERS[provider];
    const ping = signedPing(provider, "s3cret", "acme/web");
    const headers = new Headers(ping.headers);
    const raw = Buffer.from(ping.body);

    expect(await adapter.verify("s3cret", raw, headers)).toBe(true);
    expect(await adapter.verify("other", raw, headers)).toBe(false);
    expect(adapter.deliveryId(headers)).toMatch(/^[0-9a-f-]{36}$/);
    expect(adapter.repository(JSON.parse(ping.body))).toBe(provider === "bitbucket" ? null : "acme/web");

    const event = adapter.event(headers);
    const parsed = adapter.parse(event ?? "", JSON.parse(ping.body));
    expect(decide(parsed.normalized, service).kind).toBe(provider === "gitlab" ? "received" : "pong");
  });
});
