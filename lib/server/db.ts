import "server-only";
import { env } from "@/lib/server/env";
import { createPrismaClient, type Db } from "@/lib/server/database/client";

const cache = globalThis as unknown as { berthDb?: Db };

function connect(): Db {
  // Next's dev server re-evaluates modules on change; one pool per process, not per reload.
  cache.berthDb ??= createPrismaClient(env().DATABASE_URL);
  return cache.berthDb;
}

// Connects on first use: `next build` imports this module without a database configured.
export const db: Db = new Proxy({} as Db, {
  get(_target, property) {
    const client = connect();
    const value: unknown = Reflect.get(client, property, client);
    return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(client) : value;
  },
});
