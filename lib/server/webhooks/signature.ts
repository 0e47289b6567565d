import { verify } from "@octokit/webhooks-methods";
import { createHmac, timingSafeEqual } from "node:crypto";

// `sha256=<hex>` HMAC-SHA256 of the exact request bytes. The header is compared as text against the
// expected value (equal lengths, constant time); it is never decoded.
export async function verifySha256Header(secret: string, raw: Buffer, header: string | null): Promise<boolean> {
  if (!header || !secret) return false;
  if (raw.length === 0) return textEqual(header, `sha256=${createHmac("sha256", secret).update(raw).digest("hex")}`);
  return verify(secret, raw.toString("utf8"), header);
}

function textEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

// Providers that send a header but leave it empty mean "no secret configured": treat as absent.
export function headerValue(headers: Headers, name: string): string | null {
  const value = headers.get(name)?.trim();
  return value ? value : null;
}
