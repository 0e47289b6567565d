import { NextResponse } from "next/server";
import { createApiToken, listApiTokens } from "@/lib/server/auth/api-tokens";
import { parseJsonBody, withSession } from "@/lib/server/http/handlers";
import { createApiTokenSchema } from "@/lib/shared/validations/api-token";

// GET /api/tokens — your API tokens (never the secret); browser sessions only
export const GET = withSession(async (_request, { user }) => NextResponse.json(await listApiTokens(user)), { tokens: false });

// POST /api/tokens — {name, scope: read|deploy|admin, expires_in_days? (1–366, default 90; null: never)} → 201
// {token, secret}: the secret (berth_…) is in this answer only
export const POST = withSession(async (request, { user }) => NextResponse.json(await createApiToken(user, await parseJsonBody(request, createApiTokenSchema)), { status: 201 }), {
  tokens: false,
});
