import "server-only";
import type pg from "pg";
import { env } from "@/lib/server/env";
import { createPool, createPrismaClient, type Db } from "@/lib/server/database/client";
import { logger } from "@/lib/server/logger";

const cache = globalThis as unknown as { berthDb?: Db; berthPool?: pg.Pool };

function connect(): Db {
  // Next's dev server re-evaluates modules on change; one pool per process, not per reload.
  // The message and SQLSTATE only: node-postgres hangs the whole client (its connection settings) on the error.
  cache.berthPool ??= createPool(env().DATABASE_URL, (error) =>
    logger.warn({ err: { message: error.message, code: (error as { code?: string }).code } }, "a database connection closed; the next query connects again"),
  );
  cache.berthDb ??= createPrismaClient(env().DATABASE_URL, cache.berthPool);
  return cache.berthDb;
}

// The pool under db, for the statements that go without Prisma (see lib/server/webhooks/delivery-store.ts).
export function pool(): pg.Pool {
  connect();
  return cache.berthPool as pg.Pool;
}

// Connects on first use: `next build` imports this module without a database configured.
export const db: Db = new Proxy({} as Db, {
  get(_target, property) {
    const client = connect();
    const value: unknown = Reflect.get(client, property, client);
    return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(client) : value;
  },
});
