// Personal API tokens: `berth_` and 32 random bytes, shown once; only their SHA-256 is stored (a token has
// 256 bits of entropy, so a fast hash cannot be guessed back). A token acts as its user, within its scope,
// until it expires or is revoked.
import { createHash, randomBytes } from "node:crypto";
import type { ApiTokenScope } from "@/lib/generated/prisma/client";
import { ApiError } from "@/lib/server/api-error";
import type { Actor } from "@/lib/server/auth/access";
import { db } from "@/lib/server/db";
import type { CreateApiTokenInput } from "@/lib/shared/validations/api-token";

export const TOKEN_PREFIX = "berth_";
export const TOKENS_PER_USER = 50;
const TOKEN_SHAPE = /^berth_[A-Za-z0-9_-]{43}$/;
// lastUsedAt is written at most this often per token, so a busy script does not write on every call.
const LAST_USED_EVERY_MS = 60_000;

const SCOPE_RANK: Record<ApiTokenScope, number> = { read: 0, deploy: 1, admin: 2 };

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export function serializeApiToken(token: { id: string; name: string; prefix: string; scope: ApiTokenScope; expiresAt: Date | null; lastUsedAt: Date | null; revokedAt: Date | null; createdAt: Date }) {
  return {
    id: token.id,
    name: token.name,
    prefix: `${TOKEN_PREFIX}${token.prefix}…`,
    scope: token.scope,
    expires_at: token.expiresAt?.toISOString() ?? null,
    last_used_at: token.lastUsedAt?.toISOString() ?? null,
    revoked_at: token.revokedAt?.toISOString() ?? null,
    created_at: token.createdAt.toISOString(),
  };
}

export type ApiTokenResponse = ReturnType<typeof serializeApiToken>;

export async function createApiToken(actor: Actor, input: CreateApiTokenInput) {
  const active = await db.apiToken.count({ where: { userId: actor.id, revokedAt: null } });
  if (active >= TOKENS_PER_USER) throw new ApiError({ code: "conflict", message: `You have ${TOKENS_PER_USER} tokens, the most one person may have: revoke one first` });
  const secret = randomBytes(32).toString("base64url");
  const token = `${TOKEN_PREFIX}${secret}`;
  const row = await db.apiToken.create({
    data: {
      userId: actor.id,
      name: input.name,
      prefix: secret.slice(0, 6),
      tokenHash: hashToken(token),
      scope: input.scope,
      expiresAt: input.expires_in_days === null ? null : new Date(Date.now() + input.expires_in_days * 86_400_000),
    },
  });
  return { token: serializeApiToken(row), secret: token };
}

export async function listApiTokens(actor: Actor) {
  const tokens = await db.apiToken.findMany({ where: { userId: actor.id }, orderBy: { createdAt: "desc" } });
  return { tokens: tokens.map(serializeApiToken) };
}

export async function revokeApiToken(actor: Actor, id: string) {
  const { count } = await db.apiToken.updateMany({ where: { id, userId: actor.id, revokedAt: null }, data: { revokedAt: new Date() } });
  if (count === 0 && !(await db.apiToken.findFirst({ where: { id, userId: actor.id }, select: { id: true } }))) {
    throw new ApiError({ code: "not_found", message: `Token ${id} not found` });
  }
}

// The token of an `Authorization: Bearer …` header, or null when the request carries none.
export function bearerToken(request: Request): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "");
  return match?.[1] ?? null;
}

// Who a token acts for, and within what; a refusal that says why, never which part was wrong.
export async function authenticateToken(token: string) {
  const refused = new ApiError({ code: "unauthorized", message: "The API token is not valid: it is unknown, revoked or expired" });
  if (!TOKEN_SHAPE.test(token)) throw refused;
  const row = await db.apiToken.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: true } });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt.getTime() <= Date.now())) throw refused;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_EVERY_MS) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  return { user: row.user, scope: row.scope };
}

// Whether a token of this scope may make a request that needs `needed`.
export function scopeAllows(scope: ApiTokenScope, needed: ApiTokenScope): boolean {
  return SCOPE_RANK[scope] >= SCOPE_RANK[needed];
}
