// Caddy as the traffic switch: one HTTP server ("berth") with one route per service, matched by host name
// and addressed by its @id, so moving a service to a new container is a single atomic PATCH of the
// route's upstreams through the admin API.
export type CaddyConfig = { adminUrl: string; listen: string; domain: string };

const SERVER_PATH = "/config/apps/http/servers/berth";

export class ProxyError extends Error {
  override name = "ProxyError";
}

async function admin(config: CaddyConfig, method: string, path: string, body?: unknown): Promise<Response> {
  try {
    return await fetch(`${config.adminUrl.replace(/\/$/, "")}${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw new ProxyError(`Caddy's admin API is not reachable at ${config.adminUrl}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function expectOk(response: Response, what: string) {
  if (!response.ok) throw new ProxyError(`Caddy refused to ${what}: HTTP ${response.status} ${(await response.text()).trim().slice(0, 300)}`);
}

function routeId(slug: string) {
  return `berth-${slug}`;
}

export function serviceHost(config: CaddyConfig, slug: string) {
  return `${slug}.${config.domain}`;
}

export function serviceUrl(config: CaddyConfig, slug: string) {
  const port = config.listen.split(":").pop();
  return `http://${serviceHost(config, slug)}${port && port !== "80" ? `:${port}` : ""}`;
}

async function configAt(config: CaddyConfig, path: string): Promise<unknown> {
  const response = await admin(config, "GET", path);
  return response.ok ? response.json() : null;
}

// Creates Berth's server when Caddy runs without it, leaving any other configuration alone. PUT needs an
// existing parent, so the shallowest missing level is created whole.
async function ensureServer(config: CaddyConfig) {
  if ((await configAt(config, SERVER_PATH)) !== null) return;
  const server = { listen: [config.listen], automatic_https: { disable: true }, routes: [] };
  const levels: [string, unknown][] = [
    [SERVER_PATH, server],
    ["/config/apps/http/servers", { berth: server }],
    ["/config/apps/http", { servers: { berth: server } }],
    ["/config/apps", { http: { servers: { berth: server } } }],
  ];
  for (const [path, value] of levels) {
    if ((await configAt(config, path.slice(0, path.lastIndexOf("/")))) === null) continue;
    await expectOk(await admin(config, "PUT", path, value), "create Berth's server");
    return;
  }
  await expectOk(await admin(config, "POST", "/load", { apps: { http: { servers: { berth: server } } } }), "load Berth's server");
}

// Points the service's host name at upstream (host:port); the change applies to new requests at once.
export async function routeService(config: CaddyConfig, slug: string, upstream: string): Promise<void> {
  const upstreams = [{ dial: upstream }];
  const existing = await admin(config, "GET", `/id/${routeId(slug)}`);
  if (existing.ok) {
    await expectOk(await admin(config, "PATCH", `/id/${routeId(slug)}/handle/0/upstreams`, upstreams), `switch ${slug}'s traffic`);
    return;
  }
  await ensureServer(config);
  const route = {
    "@id": routeId(slug),
    match: [{ host: [serviceHost(config, slug)] }],
    handle: [{ handler: "reverse_proxy", upstreams }],
    terminal: true,
  };
  await expectOk(await admin(config, "POST", `${SERVER_PATH}/routes`, route), `add a route for ${slug}`);
}

export async function currentUpstream(config: CaddyConfig, slug: string): Promise<string | undefined> {
  const response = await admin(config, "GET", `/id/${routeId(slug)}/handle/0/upstreams/0/dial`);
  if (!response.ok) return undefined;
  const dial: unknown = await response.json();
  return typeof dial === "string" ? dial : undefined;
}

export async function removeRoute(config: CaddyConfig, slug: string): Promise<void> {
  const response = await admin(config, "DELETE", `/id/${routeId(slug)}`);
  if (response.status !== 404 && !response.ok) await expectOk(response, `remove ${slug}'s route`);
}
