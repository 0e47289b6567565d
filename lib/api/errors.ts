import { NextResponse } from "next/server";
import { z } from "zod";
import { Prisma } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/logger";

export type ApiErrorCode =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "unprocessable"
  | "payload_too_large"
  | "unsupported_media_type"
  | "bad_gateway";

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

export class ApiError extends Error {
  override name = "ApiError";
  readonly code: ApiErrorCode;
  constructor({ code, message }: { code: ApiErrorCode; message: string }) {
    super(message);
    this.code = code;
  }
}

// The one place an error becomes an HTTP answer: { detail } always, plus `errors` for invalid input.
export function toResponse(error: unknown): NextResponse {
  if (error instanceof ApiError) {
    return NextResponse.json({ detail: error.message }, { status: STATUS[error.code] });
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
