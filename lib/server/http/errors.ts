import { NextResponse } from "next/server";
import { z } from "zod";
import { Prisma } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/server/logger";

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

export type FieldError = { field: string; message: string };

export class ApiError extends Error {
  override name = "ApiError";
  readonly code: ApiErrorCode;
  readonly errors: FieldError[] | undefined;
  constructor({ code, message, errors }: { code: ApiErrorCode; message: string; errors?: FieldError[] }) {
    super(message);
    this.code = code;
    this.errors = errors;
  }
}

// Input that passed its schema but not a rule that needs more than the value (a DNS answer, the database):
// answered like a schema failure, 422 naming the field.
export function invalidField(field: string, message: string): ApiError {
  return new ApiError({ code: "unprocessable", message: `Invalid request: ${field}: ${message}`, errors: [{ field, message }] });
}

// The one place an error becomes an HTTP answer: { detail } always, plus `errors` for invalid input.
export function toResponse(error: unknown): NextResponse {
  if (error instanceof ApiError) {
    return NextResponse.json(error.errors ? { detail: error.message, errors: error.errors } : { detail: error.message }, { status: STATUS[error.code] });
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
