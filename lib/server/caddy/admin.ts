// Caddy's admin API, for the one thing Berth asks of it: that its servers are configured as berthServers()
// says, leaving any other configuration alone.
import canonicalize from "canonicalize";

export class ProxyError extends Error {
  override name = "ProxyError";
}

const SERVERS_PATH = "/config/apps/http/servers";

async function admin(adminUrl: string, method: string, path: string, body?: unknown): Promise<Response> {
  try {
    return await fetch(`${adminUrl.replace(/\/$/, "")}${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw new ProxyError(`Caddy's admin API is not reachable at ${adminUrl}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function expectOk(response: Response, what: string) {
  if (!response.ok) throw new ProxyError(`Caddy refused to ${what}: HTTP ${response.status} ${(await response.text()).trim().slice(0, 300)}`);
}

async function configAt(adminUrl: string, path: string): Promise<unknown> {
  const response = await admin(adminUrl, "GET", path);
  if (!response.ok) return null;
  return response.json();
}

// PUT needs an existing parent, so the shallowest missing level is created whole, with every server missing
// under it in the one request (one reload: a fresh Caddy gets Berth's servers at once).
async function createServers(adminUrl: string, servers: Record<string, unknown>) {
  const names = Object.keys(servers).join(", ");
  const levels: [string, unknown][] = [
    [SERVERS_PATH, servers],
    ["/config/apps/http", { servers }],
    ["/config/apps", { http: { servers } }],
  ];
  for (const [path, value] of levels) {
    if ((await configAt(adminUrl, path.slice(0, path.lastIndexOf("/")))) === null) continue;
    await expectOk(await admin(adminUrl, "PUT", path, value), `create its servers ${names}`);
    return;
  }
  await expectOk(await admin(adminUrl, "POST", "/load", { apps: { http: { servers } } }), `load its servers ${names}`);
}

// Reads each server and writes only those that differ (each write reloads Caddy): all of them in one request
// when Caddy has no servers at all, else one by one, leaving servers that are not Berth's alone. Returns the
// names written.
export async function applyServers(adminUrl: string, servers: Record<string, unknown>): Promise<string[]> {
  if ((await configAt(adminUrl, SERVERS_PATH)) === null) {
    await createServers(adminUrl, servers);
    return Object.keys(servers);
  }
  const written: string[] = [];
  for (const [name, desired] of Object.entries(servers)) {
    const current = await configAt(adminUrl, `${SERVERS_PATH}/${name}`);
    if (current !== null && canonicalize(current) === canonicalize(desired)) continue;
    const method = current === null ? "PUT" : "PATCH";
    await expectOk(await admin(adminUrl, method, `${SERVERS_PATH}/${name}`, desired), `${current === null ? "create" : "update"} its server ${name}`);
    written.push(name);
  }
  return written;
}
