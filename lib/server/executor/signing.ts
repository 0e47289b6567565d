// Inngest's request signature, as an Inngest server sends it: `t=<unix s>&s=<hex>` where the hex is
// HMAC-SHA256 over the RFC 8785 canonical body followed by t, keyed with the signing key minus its prefix.
import { createHmac } from "node:crypto";
import canonicalize from "canonicalize";

export function canonicalBody(body: unknown): string {
  return canonicalize(body) ?? "";
}

export function signatureHeader(canonical: string, signingKey: string, now = Date.now()): string {
  const t = String(Math.floor(now / 1000));
  const key = signingKey.replace(/^signkey-\w+-/, "");
  const s = createHmac("sha256", key).update(canonical).update(t).digest("hex");
  return `t=${t}&s=${s}`;
}
