// Wrappers that give every route handler the same authentication, parsing and error handling: no route
// writes its own try/catch.
import "server-only";
import type { NextRequest } from "next/server";
import type { z } from "zod";
import { getSessionUser, type SessionUser } from "@/lib/server/auth/session";
import { env } from "@/lib/server/env";
import { ApiError } from "@/lib/server/api-error";
import { toResponse } from "./errors";
import { assertSameOrigin } from "./same-origin";
import { readBodyCapped } from "@/lib/server/net/read-body";

// Ample for any settings body; a service's env vars are capped well below it.
const JSON_BODY_LIMIT = 1024 * 1024;

type RouteContext<P> = { params: Promise<P> };

export function withSession<P = Record<string, never>>(
  handler: (request: NextRequest, context: { user: SessionUser; params: P }) => Promise<Response>,
) {
  return async (request: NextRequest, context: RouteContext<P>): Promise<Response> => {
    try {
      assertSameOrigin(request, new URL(env().NEXTAUTH_URL).origin);
      const user = await getSessionUser();
      if (!user) throw new ApiError({ code: "unauthorized", message: "Sign in to use this endpoint" });
      return await handler(request, { user, params: await context.params });
    } catch (error) {
      return toResponse(error);
    }
  };
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
