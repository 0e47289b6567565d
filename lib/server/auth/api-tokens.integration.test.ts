// API tokens through the real route handlers: a script with a token lists, deploys and changes what its scope
// allows and nothing more; revoked, expired, unknown and malformed tokens are refused alike; a token never
// manages tokens; only a hash is stored; the origin check is skipped only for a token request without cookies.
import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { GET as listServicesRoute } from "@/app/api/services/route";
import { DELETE as deleteServiceRoute } from "@/app/api/services/[id]/route";
import { POST as deployRoute } from "@/app/api/services/[id]/deployments/route";
import { GET as listTokensRoute, POST as createTokenRoute } from "@/app/api/tokens/route";
import { db } from "@/lib/server/db";
import { createService } from "@/lib/server/services/create-service";
import { createApiTokenSchema } from "@/lib/shared/validations/api-token";
import { createServiceSchema } from "@/lib/shared/validations/service";
import { createTestUser } from "@/test/support/users";
import { authenticateToken, createApiToken, hashToken, listApiTokens, revokeApiToken, TOKENS_PER_USER } from "./api-tokens";

async function owner() {
  const user = await createTestUser();
  const service = await createService(user.id, createServiceSchema.parse({ name: `api-${randomUUID().slice(0, 8)}`, provider: "git", clone_url: "https://example.test/acme/api.git" }));
  return { user, service };
}

const token = async (user: { id: string; role: "admin" | "member" }, scope: "read" | "deploy" | "admin", days: number | null = 90) =>
  (await createApiToken(user, createApiTokenSchema.parse({ name: `${scope} token`, scope, expires_in_days: days }))).secret;

function call(path: string, init: { method?: string; token?: string; headers?: Record<string, string>; body?: unknown } = {}) {
  return new NextRequest(`http://localhost:3000${path}`, {
    method: init.method ?? "GET",
    headers: { ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...(init.body ? { "content-type": "application/json" } : {}), ...init.headers },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
}

const params = <P>(value: P) => ({ params: Promise.resolve(value) });
const detail = async (response: Response) => ((await response.json()) as { detail?: string }).detail;

describe("API tokens", () => {
  it("let a script read with a read token, deploy with a deploy token and delete only with an admin token", async () => {
    const { user, service } = await owner();
    const [read, deploy, admin] = [await token(user, "read"), await token(user, "deploy"), await token(user, "admin")];

    const listed = await listServicesRoute(call("/api/services", { token: read }), params({}));
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as { services: { id: string }[] }).services.map((listedService) => listedService.id)).toEqual([service.id]);

    const refused = await deployRoute(call(`/api/services/${service.id}/deployments`, { method: "POST", token: read, body: {} }), params({ id: service.id }));
    expect(refused.status).toBe(403);
    expect(await detail(refused)).toBe("This token's scope is read; this request needs deploy");
    expect((await deployRoute(call(`/api/services/${service.id}/deployments`, { method: "POST", token: deploy, body: {} }), params({ id: service.id }))).status).toBe(202);

    const notAdmin = await deleteServiceRoute(call(`/api/services/${service.id}`, { method: "DELETE", token: deploy }), params({ id: service.id }));
    expect(notAdmin.status).toBe(403);
    expect(await detail(notAdmin)).toBe("This token's scope is deploy; this request needs admin");
    expect((await deleteServiceRoute(call(`/api/services/${service.id}`, { method: "DELETE", token: admin }), params({ id: service.id }))).status).toBe(204);
  });

  it("acts as its user only: another user's service answers 404", async () => {
    const { service } = await owner();
    const stranger = await createTestUser();
    const response = await deployRoute(call(`/api/services/${service.id}/deployments`, { method: "POST", token: await token(stranger, "admin"), body: {} }), params({ id: service.id }));
    expect(response.status).toBe(404);
  });

  it("refuses revoked, expired, unknown and malformed tokens with one answer", async () => {
    const { user } = await owner();
    const revoked = await token(user, "read");
    const [row] = (await listApiTokens(user)).tokens;
    await revokeApiToken(user, row?.id ?? "");
    const expired = await token(user, "read");
    await db.apiToken.updateMany({ where: { tokenHash: hashToken(expired) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const unknown = `berth_${"A".repeat(43)}`;
    for (const candidate of [revoked, expired, unknown, "berth_short", "not-a-token"]) {
      const response = await listServicesRoute(call("/api/services", { token: candidate }), params({}));
      expect(response.status).toBe(401);
      expect(await detail(response)).toBe("The API token is not valid: it is unknown, revoked or expired");
    }
  });

  it("stores only a hash, shows the secret once, and records when it was used", async () => {
    const { user } = await owner();
    const created = await createApiToken(user, createApiTokenSchema.parse({ name: "ci", scope: "deploy" }));
    expect(created.secret).toMatch(/^berth_[A-Za-z0-9_-]{43}$/);
    const stored = await db.$queryRaw<Record<string, unknown>[]>`SELECT * FROM "ApiToken" WHERE id = ${created.token.id}`;
    expect(JSON.stringify(stored)).not.toContain(created.secret.slice("berth_".length));
    expect(stored[0]).toMatchObject({ tokenHash: hashToken(created.secret) });
    expect(JSON.stringify(await listApiTokens(user))).not.toContain(created.secret);
    expect(created.token).toMatchObject({ prefix: `${created.secret.slice(0, 12)}…`, scope: "deploy", last_used_at: null });
    await authenticateToken(created.secret);
    expect((await listApiTokens(user)).tokens[0]?.last_used_at).not.toBeNull();
  });

  it("never manages tokens with a token, even an admin one", async () => {
    const { user } = await owner();
    const admin = await token(user, "admin");
    const minted = await createTokenRoute(call("/api/tokens", { method: "POST", token: admin, body: { name: "escalate", scope: "admin" } }), params({}));
    expect(minted.status).toBe(403);
    expect(await detail(minted)).toBe("API tokens cannot manage API tokens: sign in with a browser");
    expect((await listTokensRoute(call("/api/tokens", { token: admin }), params({}))).status).toBe(403);
  });

  it("skips the origin check only for a token request without cookies", async () => {
    const { user, service } = await owner();
    const deploy = await token(user, "deploy");
    const evil = { origin: "https://evil.example" };
    const scripted = await deployRoute(call(`/api/services/${service.id}/deployments`, { method: "POST", token: deploy, headers: evil, body: {} }), params({ id: service.id }));
    expect(scripted.status).toBe(202);
    const browser = await deployRoute(call(`/api/services/${service.id}/deployments`, { method: "POST", token: deploy, headers: { ...evil, cookie: "next-auth.session-token=x" }, body: {} }), params({ id: service.id }));
    expect(browser.status).toBe(403);
    expect(await detail(browser)).toMatch(/^Cross-site request refused/);
  });

  it("allows 50 active tokens a person", async () => {
    const { user } = await owner();
    for (let index = 0; index < TOKENS_PER_USER; index++) await token(user, "read");
    await expect(token(user, "read")).rejects.toThrow(`You have ${TOKENS_PER_USER} tokens, the most one person may have: revoke one first`);
  });
});
