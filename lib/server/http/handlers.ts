// Wrappers that give every route handler the same authentication (a browser session or an API token),
// parsing and error handling: no route writes its own try/catch.
import "server-only";
import type { NextRequest } from "next/server";
import type { z } from "zod";
import type { ApiTokenScope } from "@/lib/generated/prisma/client";
import { authenticateToken, bearerToken, scopeAllows } from "@/lib/server/auth/api-tokens";
import { getSessionUser, type SessionUser } from "@/lib/server/auth/session";
import { env } from "@/lib/server/env";
import { ApiError } from "@/lib/server/api-error";
import { toResponse } from "./errors";
import { assertSameOrigin } from "./same-origin";
import { readBodyCapped } from "@/lib/server/net/read-body";

// Ample for any settings body; a service's env vars are capped well below it.
const JSON_BODY_LIMIT = 1024 * 1024;

type RouteContext<P> = { params: Promise<P> };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export type RouteOptions = {
  // The scope an API token needs for this route's changes: admin unless the route says (reads need read).
  tokenScope?: ApiTokenScope;
  // Tokens may not call it at all (managing tokens: a leaked token must not mint or keep others).
  tokens?: false;
};

// A signed-in browser, or a script with an API token (Authorization: Bearer berth_…).
export function withSession<P = Record<string, never>>(
  handler: (request: NextRequest, context: { user: SessionUser; params: P }) => Promise<Response>,
  options: RouteOptions = {},
) {
  return async (request: NextRequest, context: RouteContext<P>): Promise<Response> => {
    try {
      const user = await authenticate(request, options);
      return await handler(request, { user, params: await context.params });
    } catch (error) {
      return toResponse(error);
    }
  };
}

async function authenticate(request: NextRequest, options: RouteOptions): Promise<SessionUser> {
  const token = bearerToken(request);
  // Without a cookie nothing is sent on a browser's behalf, so only a token request without one skips the
  // origin check; a request carrying cookies is a browser's and is checked as one, token or not.
  if (token && request.headers.get("cookie") === null) {
    if (options.tokens === false) throw new ApiError({ code: "forbidden", message: "API tokens cannot manage API tokens: sign in with a browser" });
    const { user, scope } = await authenticateToken(token);
    const needed = SAFE_METHODS.has(request.method) ? "read" : (options.tokenScope ?? "admin");
    if (!scopeAllows(scope, needed)) throw new ApiError({ code: "forbidden", message: `This token's scope is ${scope}; this request needs ${needed}` });
    return user;
  }
  assertSameOrigin(request, new URL(env().NEXTAUTH_URL).origin);
  const user = await getSessionUser();
  if (!user) throw new ApiError({ code: "unauthorized", message: "Sign in to use this endpoint" });
  return user;
}

// Routes anyone may call (webhook receivers, deploy hooks): they authenticate the request themselves.
export function publicRoute<P = Record<string, never>>(handler: (request: Request, context: { params: P }) => Promise<Response>) {
  return async (request: Request, context: RouteContext<P>): Promise<Response> => {
    try {
      return await handler(request, { params: await context.params });
    } catch (error) {
      return toResponse(error);
    }
  };
}

export async function parseJsonBody<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  if (!request.headers.get("content-type")?.toLowerCase().startsWith("application/json")) {
    throw new ApiError({ code: "unsupported_media_type", message: "Send the body as application/json" });
  }
  const bytes = await readBodyCapped(request, JSON_BODY_LIMIT);
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new ApiError({ code: "bad_request", message: "Request body is not valid JSON" });
  }
  return schema.parse(body);
}
