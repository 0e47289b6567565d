// A stand-in for Portainer's HTTP API (the part Berth uses, shaped as Portainer's published API reference:
// /api/auth, /api/system/status, /api/stacks/{id}, /api/stacks/{id}/file, PUT /api/stacks/{id}?endpointId=,
// and the Docker proxy /api/endpoints/{id}/docker/...). Its stacks are real: an update runs the compose
// file's services as containers on this machine's Docker engine, labelled as Compose labels them, so a
// deployed app that crashes really stops. Test code only.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type Docker from "dockerode";
import { parse as parseYaml } from "yaml";
import { z } from "zod";

export type EmulatedStack = { Id: number; Name: string; EndpointId: number; Env: { name: string; value: string }[]; StackFileContent: string };

const updateSchema = z
  .object({
    env: z.array(z.object({ name: z.string(), value: z.string() })).optional(),
    prune: z.boolean().optional(),
    pullImage: z.boolean().optional(),
    stackFileContent: z.string().optional(),
  })
  .strict();

const composeSchema = z.object({
  services: z.record(
    z.string(),
    z.object({
      image: z.string(),
      environment: z.record(z.string(), z.string()).optional(),
      ports: z.array(z.string()).optional(),
    }),
  ),
});

export const EMULATED_VERSION = "2.21.5";
const PROJECT_LABEL = "com.docker.compose.project";

export async function startPortainerEmulator(docker: Docker, options: { apiKey: string; username?: string; password?: string }) {
  const stacks = new Map<number, EmulatedStack>();
  const jwts = new Set<string>();
  const calls: string[] = [];

  function substitute(text: string, env: EmulatedStack["Env"]): string {
    return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => env.find((pair) => pair.name === name)?.value ?? "");
  }

  // `docker compose up` with the stack's file: containers whose image changed are recreated.
  async function deploy(stack: EmulatedStack) {
    const compose = composeSchema.parse(parseYaml(substitute(stack.StackFileContent, stack.Env)));
    for (const [name, spec] of Object.entries(compose.services)) {
      const existing = await docker.listContainers({ all: true, filters: { label: [`${PROJECT_LABEL}=${stack.Name}`, `com.docker.compose.service=${name}`] } });
      for (const container of existing) await docker.getContainer(container.Id).remove({ force: true });
      const ports = (spec.ports ?? []).map((entry) => entry.split(":"));
      const container = await docker.createContainer({
        name: `${stack.Name}-${name}-1`,
        Image: spec.image,
        Env: Object.entries(spec.environment ?? {}).map(([key, value]) => `${key}=${value}`),
        Labels: { [PROJECT_LABEL]: stack.Name, "com.docker.compose.service": name, "berth.test-portainer": "true" },
        ExposedPorts: Object.fromEntries(ports.map(([, target]) => [`${target}/tcp`, {}])),
        HostConfig: { PortBindings: Object.fromEntries(ports.map(([published, target]) => [`${target}/tcp`, [{ HostIp: "127.0.0.1", HostPort: published }]])) },
      });
      await container.start();
    }
  }

  function authorized(request: IncomingMessage): boolean {
    if (request.headers["x-api-key"] === options.apiKey) return true;
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
    return bearer !== undefined && jwts.has(bearer);
  }

  async function body(request: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    return text ? JSON.parse(text) : undefined;
  }

  function send(response: ServerResponse, status: number, value: unknown) {
    response.writeHead(status, { "Content-Type": "application/json" });
    response.end(JSON.stringify(value));
  }

  const stackView = (stack: EmulatedStack) => ({ Id: stack.Id, Name: stack.Name, Type: 2, EndpointId: stack.EndpointId, Env: stack.Env, Status: 1 });

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? "/", "http://portainer");
    calls.push(`${request.method} ${url.pathname}${url.search}`);
    if (request.method === "POST" && url.pathname === "/api/auth") {
      const credentials = z.object({ Username: z.string(), Password: z.string() }).safeParse(await body(request));
      if (!credentials.success || credentials.data.Username !== options.username || credentials.data.Password !== options.password) {
        return send(response, 422, { message: "Invalid credentials", details: "Unauthorized" });
      }
      const jwt = randomBytes(16).toString("hex");
      jwts.add(jwt);
      return send(response, 200, { jwt });
    }
    if (!authorized(request)) return send(response, 401, { message: "Unauthorized", details: "A valid authorisation token is missing" });
    if (request.method === "GET" && url.pathname === "/api/system/status") return send(response, 200, { Version: EMULATED_VERSION, InstanceID: "emulated" });

    const stackPath = /^\/api\/stacks\/(\d+)(\/file)?$/.exec(url.pathname);
    if (stackPath) {
      const stack = stacks.get(Number(stackPath[1]));
      if (!stack) return send(response, 404, { message: "Unable to find a stack with the specified identifier inside the database", details: "object not found inside the database" });
      if (request.method === "GET" && stackPath[2]) return send(response, 200, { StackFileContent: stack.StackFileContent });
      if (request.method === "GET") return send(response, 200, stackView(stack));
      if (request.method === "PUT" && !stackPath[2]) {
        if (Number(url.searchParams.get("endpointId")) !== stack.EndpointId) return send(response, 400, { message: "Invalid query parameter: endpointId", details: "Invalid request" });
        const update = updateSchema.safeParse(await body(request));
        if (!update.success) return send(response, 400, { message: "Invalid request payload", details: update.error.issues[0]?.message });
        if (update.data.env) stack.Env = update.data.env;
        if (update.data.stackFileContent) stack.StackFileContent = update.data.stackFileContent;
        try {
          await deploy(stack);
        } catch (error) {
          return send(response, 500, { message: "Unable to deploy stack", details: error instanceof Error ? error.message : String(error) });
        }
        return send(response, 200, stackView(stack));
      }
    }
    const containers = /^\/api\/endpoints\/(\d+)\/docker\/containers\/json$/.exec(url.pathname);
    if (request.method === "GET" && containers) {
      const filters = url.searchParams.get("filters");
      return send(response, 200, await docker.listContainers({ all: url.searchParams.get("all") === "1", filters: filters ? (JSON.parse(filters) as Record<string, string[]>) : {} }));
    }
    return send(response, 404, { message: "Not found", details: url.pathname });
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => send(response, 500, { message: "Emulator error", details: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    calls,
    addStack(stack: EmulatedStack) {
      stacks.set(stack.Id, stack);
    },
    stack(id: number) {
      return stacks.get(id);
    },
    async stop() {
      for (const stack of stacks.values()) {
        for (const container of await docker.listContainers({ all: true, filters: { label: [`${PROJECT_LABEL}=${stack.Name}`] } })) {
          await docker.getContainer(container.Id).remove({ force: true });
        }
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
