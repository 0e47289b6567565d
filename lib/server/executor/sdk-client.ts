// Calls the app's Inngest endpoint (/api/inngest) the way an Inngest server does: signed, canonical JSON.
import { canonicalBody, signatureHeader } from "./signing";
import { opsSchema, syncResponseSchema, type FunctionConfig, type Op, type SerializedError } from "./protocol";

// How requests reach the endpoint: over HTTP in the app, straight into the route handler in tests.
export type Transport = (request: Request) => Promise<Response>;

export function httpTransport(): Transport {
  // A step may legitimately run for many minutes (a Docker build): no client-side timeout.
  return (request) => fetch(request, { signal: AbortSignal.timeout(60 * 60_000) });
}

export type CallBody = {
  event: unknown;
  events: unknown[];
  version: 2;
  steps: Record<string, unknown>;
  ctx: {
    run_id: string;
    attempt: number;
    max_attempts: number;
    disable_immediate_execution: boolean;
    use_api: false;
    stack: { stack: string[]; current: number };
  };
};

export type CallResult =
  | { kind: "complete"; output: unknown }
  | { kind: "ops"; ops: Op[] }
  | { kind: "error"; retriable: boolean; error: SerializedError; retryAfterMs?: number }
  // The app did not answer as the SDK (not started yet, restarting, a proxy error): try again shortly.
  | { kind: "unavailable"; reason: string };

export type SdkClient = {
  sync(): Promise<FunctionConfig[]>;
  call(functionId: string, stepId: string, body: CallBody): Promise<CallResult>;
};

export function createSdkClient(options: { url: string; signingKey: string; transport: Transport }): SdkClient {
  function request(method: "PUT" | "POST", query: string, body: unknown, headers: Record<string, string> = {}) {
    const canonical = canonicalBody(body);
    return options.transport(
      new Request(`${options.url}${query}`, {
        method,
        body: canonical,
        headers: { "content-type": "application/json", "x-inngest-signature": signatureHeader(canonical, options.signingKey), ...headers },
      }),
    );
  }

  return {
    async sync() {
      const response = await request("PUT", "", { url: options.url }, { "x-inngest-sync-kind": "in_band" });
      if (!response.ok) throw new Error(`Syncing functions from ${options.url} failed: HTTP ${response.status}`);
      return syncResponseSchema.parse(await response.json()).functions;
    },

    async call(functionId, stepId, body) {
      let response: Response;
      try {
        response = await request("POST", `?fnId=${encodeURIComponent(functionId)}&stepId=${encodeURIComponent(stepId)}`, body);
      } catch (error) {
        return { kind: "unavailable", reason: error instanceof Error ? error.message : String(error) };
      }
      if (!response.headers.has("x-inngest-sdk")) {
        await response.body?.cancel();
        return { kind: "unavailable", reason: `HTTP ${response.status} without the SDK's headers` };
      }
      const payload: unknown = await response.json().catch(() => null);
      if (response.status === 200) return { kind: "complete", output: payload ?? null };
      if (response.status === 206) return { kind: "ops", ops: opsSchema.parse(payload) };
      const retryAfter = Number(response.headers.get("retry-after"));
      return {
        kind: "error",
        retriable: response.headers.get("x-inngest-no-retry") !== "true",
        error: errorFrom(payload, response.status),
        retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
      };
    },
  };
}

function errorFrom(payload: unknown, status: number): SerializedError {
  if (payload && typeof payload === "object") {
    const { name, message, stack } = payload as Record<string, unknown>;
    if (typeof message === "string") return { name: typeof name === "string" ? name : "Error", message, stack: typeof stack === "string" ? stack : undefined };
  }
  return { name: "Error", message: `The function answered HTTP ${status}` };
}
