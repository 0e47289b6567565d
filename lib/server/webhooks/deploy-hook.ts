// The generic deploy hook for CI pipelines and tools such as Portainer: `X-Berth-Signature: sha256=<hex>`
// over the raw body, or the Standard Webhooks scheme (webhook-id/-timestamp/-signature, 5-minute
// tolerance). Both use the service's webhook secret as the HMAC key.
import { Webhook } from "standardwebhooks";
import { z } from "zod";
import { branchSchema, commitShaInputSchema, pushedRefSchema } from "@/lib/shared/validations/git";
import { headerValue, verifySha256Header } from "./signature";
import { PayloadError, type ProviderAdapter } from "./types";

// The Standard Webhooks form of a secret: its bytes, base64, behind `whsec_`.
export function standardWebhooksSecret(secret: string): string {
  return `whsec_${Buffer.from(secret, "utf8").toString("base64")}`;
}

export async function verifyDeployHook(secret: string, raw: Buffer, headers: Headers): Promise<boolean> {
  const berth = headerValue(headers, "x-berth-signature");
  if (berth) return verifySha256Header(secret, raw, berth);
  const id = headerValue(headers, "webhook-id");
  const timestamp = headerValue(headers, "webhook-timestamp");
  const signature = headerValue(headers, "webhook-signature");
  if (!id || !timestamp || !signature) return false;
  try {
    new Webhook(standardWebhooksSecret(secret)).verify(raw, { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": signature });
    return true;
  } catch {
    return false;
  }
}

export const deployHookBodySchema = z
  .object({
    ref: pushedRefSchema.optional(),
    branch: branchSchema.optional(),
    commit: commitShaInputSchema.optional(),
  })
  .strict();

export const deployHook: ProviderAdapter = {
  provider: "deploy_hook",
  secretHeaders: [],
  emptyBodyAllowed: true,
  event: () => "deploy",
  deliveryId: (headers) => headerValue(headers, "webhook-id") ?? headerValue(headers, "x-berth-delivery"),
  signed: (headers) => headerValue(headers, "x-berth-signature") !== null || headerValue(headers, "webhook-signature") !== null,
  verify: verifyDeployHook,
  repository: () => null,
  parse(event, payload) {
    const body = deployHookBodySchema.safeParse(payload);
    if (!body.success) {
      const issue = body.error.issues[0];
      throw new PayloadError(`Invalid deploy hook body: ${issue?.path.join(".") || "body"}: ${issue?.message}`);
    }
    const ref = body.data.branch ? `refs/heads/${body.data.branch}` : (body.data.ref ?? null);
    return { event, action: null, normalized: { kind: "deploy", ref, sha: body.data.commit ?? null } };
  },
};

