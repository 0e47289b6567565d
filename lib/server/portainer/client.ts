// Portainer's HTTP API, the part Berth uses: a stack, its compose file, updating it, and the containers of the
// environment (endpoint) it runs in, through Portainer's Docker proxy. Authenticated with an API key
// (X-API-Key) or, failing that, a user's JWT from POST /api/auth. Every answer is validated: Portainer is
// outside Berth, and its errors reach people as they are worded here.
import { z } from "zod";
import { env } from "@/lib/server/env";

const REQUEST_TIMEOUT_MS = 30_000;
const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

export class PortainerError extends Error {
  override name = "PortainerError";
}

export type PortainerSettings = { url: string; apiKey?: string; username?: string; password?: string };

export function portainerSettings(): PortainerSettings | undefined {
  const config = env();
  if (!config.PORTAINER_URL) return undefined;
  return { url: config.PORTAINER_URL, apiKey: config.PORTAINER_API_KEY, username: config.PORTAINER_USERNAME, password: config.PORTAINER_PASSWORD };
}

const pairSchema = z.object({ name: z.string(), value: z.string() });
export type EnvPair = z.infer<typeof pairSchema>;

const stackSchema = z.object({
  Id: z.number().int(),
  Name: z.string(),
  EndpointId: z.number().int(),
  Env: z.array(pairSchema).nullish().transform((pairs) => pairs ?? []),
});
export type Stack = z.infer<typeof stackSchema>;

const containerSchema = z.object({
  Id: z.string(),
  Image: z.string(),
  State: z.string(),
  Status: z.string().default(""),
  Labels: z.record(z.string(), z.string()).nullish().transform((labels) => labels ?? {}),
});
export type StackContainer = z.infer<typeof containerSchema>;

export interface PortainerClient {
  status(): Promise<{ version: string }>;
  stack(id: number): Promise<Stack>;
  stackFile(id: number): Promise<string>;
  updateStack(stack: Stack, update: { env: EnvPair[]; stackFileContent: string; pullImage: boolean }): Promise<void>;
  stackContainers(stack: Stack): Promise<StackContainer[]>;
}

export function portainerClient(settings: PortainerSettings): PortainerClient {
  const base = settings.url.replace(/\/+$/, "");
  let jwt: string | undefined;

  async function authHeaders(): Promise<Record<string, string>> {
    if (settings.apiKey) return { "X-API-Key": settings.apiKey };
    if (!jwt) {
      const answer = await call("POST", "/api/auth", { Username: settings.username, Password: settings.password }, {});
      jwt = z.object({ jwt: z.string().min(1) }).parse(answer).jwt;
    }
    return { Authorization: `Bearer ${jwt}` };
  }

  async function call(method: string, path: string, body: unknown, headers: Record<string, string>): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: { ...headers, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        redirect: "error",
      });
    } catch (error) {
      const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
      throw new PortainerError(`Portainer at ${base} is not reachable: ${reason}`);
    }
    const text = await response.text();
    if (text.length > MAX_ANSWER_BYTES) throw new PortainerError(`Portainer's answer to ${method} ${path} is larger than ${MAX_ANSWER_BYTES} bytes`);
    if (!response.ok) {
      // Portainer's errors are {message, details}; the details name the cause.
      const parsed = z.object({ message: z.string().optional(), details: z.string().optional() }).safeParse(jsonOrText(text));
      const detail = parsed.success ? [parsed.data.message, parsed.data.details].filter(Boolean).join(": ") : "";
      throw new PortainerError(`Portainer answered ${method} ${path} with HTTP ${response.status}${detail ? `: ${detail.slice(0, 300)}` : ""}`);
    }
    return text ? safeJson(text) : undefined;
  }

  async function authed(method: string, path: string, body?: unknown): Promise<unknown> {
    return call(method, path, body, await authHeaders());
  }

  function parse<T>(schema: z.ZodType<T>, answer: unknown, what: string): T {
    const parsed = schema.safeParse(answer);
    if (!parsed.success) throw new PortainerError(`Portainer's ${what} is not what Berth expects: ${parsed.error.issues[0]?.message ?? "invalid"}`);
    return parsed.data;
  }

  return {
    async status() {
      return { version: parse(z.object({ Version: z.string() }), await authed("GET", "/api/system/status"), "status").Version };
    },
    async stack(id) {
      return parse(stackSchema, await authed("GET", `/api/stacks/${id}`), `stack ${id}`);
    },
    async stackFile(id) {
      return parse(z.object({ StackFileContent: z.string() }), await authed("GET", `/api/stacks/${id}/file`), `stack ${id}'s file`).StackFileContent;
    },
    async updateStack(stack, update) {
      await authed("PUT", `/api/stacks/${stack.Id}?endpointId=${stack.EndpointId}`, { ...update, prune: false });
    },
    async stackContainers(stack) {
      const filters = encodeURIComponent(JSON.stringify({ label: [`com.docker.compose.project=${stack.Name}`] }));
      const answer = await authed("GET", `/api/endpoints/${stack.EndpointId}/docker/containers/json?all=1&filters=${filters}`);
      return parse(z.array(containerSchema), answer, `container list of stack ${stack.Name}`);
    },
  };
}

function jsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new PortainerError(`Portainer answered something that is not JSON: ${text.slice(0, 120)}`);
  }
}
