// JSON over fetch for the providers without an SDK of their own here, with their errors made plain.
import { ProviderError } from "./types";

const TIMEOUT_MS = 10_000;

// What a call needs from the token and the user, named when the provider refuses it.
export interface Need {
  scope: string;
  rights: string;
}

export interface ProviderHttp {
  request<T>(method: string, path: string, body?: unknown, need?: Need): Promise<{ data: T; headers: Headers }>;
}

export function providerHttp(options: { name: string; baseUrl: string; token: string; requiredScope: string }): ProviderHttp {
  const base = options.baseUrl.replace(/\/+$/, "");
  return {
    async request<T>(method: string, path: string, body?: unknown, need: Need = { scope: options.requiredScope, rights: "admin rights on the repository" }) {
      let response: Response;
      try {
        response = await fetch(`${base}${path}`, {
          method,
          headers: { Authorization: `Bearer ${options.token}`, Accept: "application/json", ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
      } catch (error) {
        throw new ProviderError("unavailable", `${options.name} did not answer: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (response.ok) {
        const data = (response.status === 204 ? null : await response.json().catch(() => null)) as T;
        return { data, headers: response.headers };
      }
      throw await toProviderError(options.name, need, response);
    },
  };
}

async function toProviderError(name: string, need: Need, response: Response): Promise<ProviderError> {
  const text = await response.text().catch(() => "");
  const detail = providerMessage(text);
  switch (response.status) {
    case 401:
      return new ProviderError("unauthorized", `${name} refused the stored token (${detail || "401"}): sign in with ${name} again`, 401);
    case 403:
      if (/scope/i.test(text)) return new ProviderError("missing_scope", `${name} token lacks the '${need.scope}' scope: sign in with ${name} again to grant it`, 403);
      return new ProviderError("failed", `${name} refused: ${detail || "403 Forbidden"} (you need ${need.rights})`, 403);
    case 404:
      return new ProviderError("not_found", `${name}: not found${detail ? ` (${detail})` : ""}`, 404);
    case 409:
    case 422:
      return new ProviderError("conflict", `${name}: ${detail || "conflict"}`, response.status);
    default:
      return new ProviderError(response.status >= 500 ? "unavailable" : "failed", `${name} answered ${response.status}${detail ? `: ${detail}` : ""}`, response.status);
  }
}

function providerMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown; error?: { message?: unknown } | string; error_description?: unknown };
    const message = body.message ?? (typeof body.error === "object" ? body.error?.message : body.error) ?? body.error_description;
    return typeof message === "string" ? message : JSON.stringify(message ?? "");
  } catch {
    return text.slice(0, 200);
  }
}
