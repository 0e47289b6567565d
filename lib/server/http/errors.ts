import { NextResponse } from "next/server";
import { z } from "zod";
import { Prisma } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/server/logger";
import { ProviderError } from "@/lib/server/providers/types";
import { EngineUnreachableError } from "@/lib/server/runtime/docker";
import { ApiError, type ApiErrorCode } from "@/lib/server/api-error";

const STATUS: Record<ApiErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  bad_gateway: 502,
};

// A provider's refusal as an answer of ours. Never 401: that would read as "your Berth session ended".
const PROVIDER_ERROR_CODES: Record<ProviderError["kind"], ApiErrorCode> = {
  unauthorized: "forbidden",
  missing_scope: "forbidden",
  not_found: "not_found",
  conflict: "conflict",
  unavailable: "bad_gateway",
  failed: "bad_gateway",
};

// The domain errors a request can end with, as the ApiError they answer as.
function asApiError(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error;
  if (error instanceof ProviderError) return new ApiError({ code: PROVIDER_ERROR_CODES[error.kind], message: error.message });
  if (error instanceof EngineUnreachableError) return new ApiError({ code: "bad_gateway", message: error.message });
  return null;
}

// The one place an error becomes an HTTP answer: { detail } always, plus `errors` for invalid input.
export function toResponse(error: unknown): NextResponse {
  const known = asApiError(error);
  if (known) {
    return NextResponse.json(known.errors ? { detail: known.message, errors: known.errors } : { detail: known.message }, { status: STATUS[known.code] });
  }
  if (error instanceof z.ZodError) {
    const errors = error.issues.map((issue) => ({ field: issue.path.join("."), message: issue.message }));
    const summary = errors.map((entry) => (entry.field ? `${entry.field}: ${entry.message}` : entry.message)).join("; ");
    return NextResponse.json({ detail: `Invalid request: ${summary}`, errors }, { status: 422 });
  }
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    if (error.code === "P2025") return NextResponse.json({ detail: "Not found" }, { status: 404 });
    if (error.code === "P2002") return NextResponse.json({ detail: "Already exists" }, { status: 409 });
  }
  logger.error({ err: error }, "unhandled error in route handler");
  return NextResponse.json({ detail: "Internal server error" }, { status: 500 });
}
