// Each service's fetched git objects, kept between its builds in a bare repository under
// BERTH_DATA_DIR/git-cache/, so a push fetches only the objects it changed rather than the whole tree again.
// One per service, never shared: a cache only ever holds what that service's own clone URL and credential
// fetched. Its builds run one at a time (the deploy function's concurrency key), so they never share it at once.
import { readdir, rm, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { env } from "@/lib/server/env";

// Past this, the cache is dropped whole after a deploy and the next build fetches afresh.
export const OBJECT_CACHE_LIMIT_BYTES = 512 * 1024 * 1024;

export function objectCacheDir(serviceId: string, dataDir = env().BERTH_DATA_DIR): string {
  // Service ids are cuids or UUIDs; nothing else (no dot, no slash) may become a path.
  if (!/^[a-z0-9-]{1,64}$/i.test(serviceId)) throw new Error(`Not a service id: ${serviceId.slice(0, 80)}`);
  return resolve(dataDir, "git-cache", `${serviceId}.git`);
}

async function sizeOf(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  const sizes = await Promise.all(entries.filter((entry) => entry.isFile()).map((entry) => stat(join(entry.parentPath, entry.name)).then((info) => info.size, () => 0)));
  return sizes.reduce((sum, size) => sum + size, 0);
}

export async function trimObjectCache(serviceId: string): Promise<{ bytes: number; dropped: boolean }> {
  const dir = objectCacheDir(serviceId);
  const bytes = await sizeOf(dir);
  if (bytes <= OBJECT_CACHE_LIMIT_BYTES) return { bytes, dropped: false };
  await rm(dir, { recursive: true, force: true });
  return { bytes, dropped: true };
}

export async function removeObjectCache(serviceId: string): Promise<void> {
  await rm(objectCacheDir(serviceId), { recursive: true, force: true });
}
