import { randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { hmacHex } from "@/test/support/github-delivery";
import { deliverDeployHook, randomSha, serviceWithWebhook } from "@/test/support/webhooks";
import { standardWebhooksSecret } from "./deploy-hook";

const json = { "content-type": "application/json" };

describe("deploy hook", () => {
  it("deploys the branch head on an empty body signed with X-Berth-Signature", async () => {
    const { service, secret } = await serviceWithWebhook({ branch: "main" });
    const answer = await deliverDeployHook(service.id, { body: "", headers: { "x-berth-signature": `sha256=${hmacHex(secret, "")}` } });
    expect(answer).toMatchObject({ status: 202, body: { status: "queued" } });
    const deployment = await db.deployment.findFirstOrThrow({ where: { serviceId: service.id } });
    expect(deployment).toMatchObject({ trigger: "deploy_hook", commitSha: null, ref: "refs/heads/main", status: "queued" });

    const again = await deliverDeployHook(service.id, { body: "", headers: { "x-berth-signature": `sha256=${hmacHex(secret, "")}` } });
    expect(again.body).toEqual({ status: "skipped", message: "Deployment for the head of refs/heads/main already exists", deployment_id: deployment.id });
  });

  it("deploys a given commit signed the Standard Webhooks way, and refuses a stale timestamp", async () => {
    const { service, secret } = await serviceWithWebhook({ branch: "main" });
    const sha = randomSha();
    const body = JSON.stringify({ branch: "main", commit: sha.toUpperCase() });
    const signer = new Webhook(standardWebhooksSecret(secret));
    const sign = (id: string, at: Date) => ({ ...json, "webhook-id": id, "webhook-timestamp": String(Math.floor(at.getTime() / 1000)), "webhook-signature": signer.sign(id, at, body) });

    const answer = await deliverDeployHook(service.id, { body, headers: sign(`msg_${randomUUID()}`, new Date()) });
    expect(answer.status).toBe(202);
    expect((await db.deployment.findFirstOrThrow({ where: { serviceId: service.id } })).commitSha).toBe(sha);

    const stale = await deliverDeployHook(service.id, { body, headers: sign(`msg_${randomUUID()}`, new Date(Date.now() - 6 * 60_000)) });
    expect(stale).toMatchObject({ status: 401, body: { detail: "Invalid webhook signature" } });
  });

  it("ignores a request for another branch and rejects a malformed body", async () => {
    const { service, secret } = await serviceWithWebhook({ branch: "main" });
    const send = (body: string) => deliverDeployHook(service.id, { body, headers: { ...json, "x-berth-signature": `sha256=${hmacHex(secret, body)}` } });
    expect((await send(JSON.stringify({ ref: "refs/heads/feature/x" }))).body).toEqual({ status: "ignored", message: "Push to 'feature/x' ignored (only 'main' triggers deployment)" });
    const invalid = await send(JSON.stringify({ commit: "not-a-sha" }));
    expect(invalid.status).toBe(400);
    expect(invalid.body.detail).toMatch(/^Invalid deploy hook body: commit: must be a full commit sha \(40 or 64 hex characters\)/);
    expect((await deliverDeployHook(service.id, { body: "{}", headers: json })).status).toBe(401);
  });
});
