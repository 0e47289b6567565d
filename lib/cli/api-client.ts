// Berth's API as the CLI calls it: the stored token as a bearer, Berth's own { detail } errors as messages,
// and the exit code each failure maps to.
import { createParser, type EventSourceMessage } from "eventsource-parser";
import type { Login } from "./config";

export const EXIT = { ok: 0, failed: 1, usage: 2, auth: 3, unreachable: 4 } as const;

export class CliError extends Error {
  override name = "CliError";
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failed,
  ) {
    super(message);
  }
}

// A refusal as Berth words it ({ detail }), with the exit code its status maps to.
function refusal(response: Response, answer: { detail?: string } | null): CliError {
  return new CliError(answer?.detail ?? `${response.status} ${response.statusText}`, response.status === 401 || response.status === 403 ? EXIT.auth : EXIT.failed);
}

export function apiClient(login: Login) {
  const base = login.url.replace(/\/+$/, "");
  async function call(path: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(`${base}${path}`, init);
    } catch (error) {
      throw new CliError(`Berth at ${base} did not answer: ${error instanceof Error ? error.message : String(error)}`, EXIT.unreachable);
    }
  }
  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await call(path, {
      method,
      headers: { authorization: `Bearer ${login.token}`, accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 204) return null as T;
    const answer = (await response.json().catch(() => null)) as ({ detail?: string } & T) | null;
    if (response.ok && answer !== null) return answer;
    throw refusal(response, answer);
  }
  return {
    get: <T>(path: string) => request<T>("GET", path),
    post: <T>(path: string, body: unknown = {}) => request<T>("POST", path, body),
    // Server-Sent Events until onEvent says stop, the server ends the stream, or the signal aborts it.
    async stream(path: string, onEvent: (event: EventSourceMessage) => boolean | void, signal?: AbortSignal): Promise<void> {
      const response = await call(path, { headers: { authorization: `Bearer ${login.token}`, accept: "text/event-stream" }, signal });
      if (!response.ok || !response.body) throw refusal(response, (await response.json().catch(() => null)) as { detail?: string } | null);
      let done = false;
      const parser = createParser({
        onEvent: (event) => {
          if (onEvent(event) === true) done = true;
        },
      });
      const decoder = new TextDecoder();
      const reader = response.body.getReader();
      try {
        while (!done) {
          const chunk = await reader.read();
          if (chunk.done) break;
          parser.feed(decoder.decode(chunk.value, { stream: true }));
        }
      } catch (error) {
        if (!signal?.aborted) throw error;
      } finally {
        await reader.cancel().catch(() => {});
      }
    },
  };
}

export type ApiClient = ReturnType<typeof apiClient>;
