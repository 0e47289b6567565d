// A request Berth refuses, with the reason in words and a code the HTTP edge turns into a status
// (lib/server/http/errors.ts). Domain code throws it; it knows nothing of HTTP itself.
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
