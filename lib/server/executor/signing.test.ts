import { Inngest } from "inngest";
import { serve } from "inngest/next";
import { describe, expect, it } from "vitest";
import { canonicalBody, signatureHeader } from "./signing";

const KEY = "signkey-prod-5ec7e75ec7e75ec7e75ec7e75ec7e75ec7e7";
const client = new Inngest({ id: "signing-test", signingKey: KEY, checkpointing: false });
const fn = client.createFunction({ id: "noop", triggers: [{ event: "test/noop" }] }, async () => "done");
const handler = serve({ client, functions: [fn] });

async function syncWith(signature: string, body: unknown) {
  const request = new Request("http://localhost/api/inngest", {
    method: "PUT",
    body: canonicalBody(body),
    headers: { "content-type": "application/json", "x-inngest-signature": signature, "x-inngest-sync-kind": "in_band" },
  });
  return (handler.PUT as (request: Request, context: unknown) => Promise<Response>)(request, {});
}

describe("signatureHeader", () => {
  it("is accepted by the Inngest SDK in cloud mode", async () => {
    const body = { url: "http://localhost/api/inngest" };
    const response = await syncWith(signatureHeader(canonicalBody(body), KEY), body);
    expect(response.status).toBe(200);
    expect((await response.json()).functions[0].id).toBe("signing-test-noop");
  });

  it("is refused when signed with another key", async () => {
    const body = { url: "http://localhost/api/inngest" };
    const response = await syncWith(signatureHeader(canonicalBody(body), "signkey-prod-0000"), body);
    expect(response.status).toBe(401);
  });

  it("is refused once older than five minutes", async () => {
    const body = { url: "http://localhost/api/inngest" };
    const response = await syncWith(signatureHeader(canonicalBody(body), KEY, Date.now() - 6 * 60_000), body);
    expect(response.status).toBe(401);
  });

  it("canonicalizes key order (RFC 8785), as the SDK does before checking", () => {
    expect(canonicalBody({ b: 1, a: [true, null, "x"] })).toBe('{"a":[true,null,"x"],"b":1}');
  });
});
