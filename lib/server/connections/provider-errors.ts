import { ApiError } from "@/lib/server/http/errors";
import { ProviderError } from "@/lib/server/providers/types";

// A provider's refusal as an answer of ours. Never 401: that would read as "your Berth session ended".
export function asApiError(error: unknown): unknown {
  if (!(error instanceof ProviderError)) return error;
  switch (error.kind) {
    case "unauthorized":
    case "missing_scope":
      return new ApiError({ code: "forbidden", message: error.message });
    case "not_found":
      return new ApiError({ code: "not_found", message: error.message });
    case "conflict":
      return new ApiError({ code: "conflict", message: error.message });
    default:
      return new ApiError({ code: "bad_gateway", message: error.message });
  }
}
