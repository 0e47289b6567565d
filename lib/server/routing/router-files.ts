// Where the traffic router keeps its state, under BERTH_DATA_DIR/router/: the configuration the launcher
// hands it (0600: it holds the database URL), the last routing table it read (served when PostgreSQL is not
// reachable, e.g. while Berth is stopped), its pid and its log.
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import type { RouteTable, Upstream } from "./dns-answers";
import { SERVICE_LABEL } from "./names";

export function routerFiles(dataDir: string) {
  const dir = join(dataDir, "router");
  return {
    dir,
    config: join(dir, "config.json"),
    // The digest of the configuration all workers answer with (written by the router once they all do).
    served: join(dir, "served-config"),
    routes: join(dir, "routes.json"),
    pid: join(dir, "router.pid"),
    log: join(dir, "router.log"),
  };
}

export async function configDigest(path: string): Promise<string> {
  return createHash("sha256").update(await readFile(path)).digest("hex");
}

const ipv4 = z.ipv4();
const port = z.number().int().min(1).max(65535);

export const routerConfigSchema = z.object({
  databaseUrl: z.string().min(1),
  // BERTH_ROUTER_ADDRESS, validated by env.ts before the launcher wrote it here.
  routerAddress: z.string().regex(/^[\d.]+:\d+$/),
  caddy: z.object({ adminUrl: z.url(), listen: z.string().min(1), domain: z.string().min(1) }),
  // BERTH_DATA_DIR: the router keeps its files under its router/ folder.
  dataDir: z.string().min(1),
});
export type RouterConfig = z.infer<typeof routerConfigSchema>;

export const upstreamSchema = z.object({ host: ipv4, port });
// A Swarm service has one upstream per running task: bounded, so a hostile replica count cannot grow an answer
// past what a DNS message carries.
export const MAX_UPSTREAMS = 32;
export const upstreamsSchema = z.array(upstreamSchema).min(1).max(MAX_UPSTREAMS);
export const routeRowSchema = z.object({ slug: z.string().regex(SERVICE_LABEL), upstreams: upstreamsSchema });
const savedTableSchema = z.object({ routes: z.array(routeRowSchema) });

// Written whole and renamed into place, so a reader never sees half a file (each router process has its own temporary name).
async function writeAtomically(path: string, content: string) {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, content, { mode: 0o600 });
  await rename(temporary, path);
}

export async function writeRouterConfig(path: string, config: RouterConfig) {
  await writeAtomically(path, JSON.stringify(config));
}

export async function readRouterConfig(path: string): Promise<RouterConfig> {
  return routerConfigSchema.parse(JSON.parse(await readFile(path, "utf8")));
}

export async function saveRouteTable(path: string, table: RouteTable) {
  await writeAtomically(path, JSON.stringify({ routes: [...table].map(([slug, upstreams]) => ({ slug, upstreams })) }));
}

// The table as last saved; empty when there is none yet, or it cannot be read (the reason is returned).
export async function loadSavedRouteTable(path: string): Promise<{ table: Map<string, Upstream[]>; problem?: string }> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { table: new Map() };
    throw error;
  }
  try {
    const saved = savedTableSchema.parse(JSON.parse(text));
    return { table: new Map(saved.routes.map(({ slug, upstreams }) => [slug, upstreams])) };
  } catch (error) {
    return { table: new Map(), problem: `${path} is not a routing table (${error instanceof Error ? error.message.slice(0, 200) : String(error)})` };
  }
}

export async function ensureRouterDir(dir: string) {
  await mkdir(dir, { recursive: true, mode: 0o700 });
}
