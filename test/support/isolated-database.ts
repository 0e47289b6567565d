// A database of its own for a test file whose background workers (the workflow executor) would otherwise
// consume other files' outbox events. Created on the run's server, migrated, dropped afterwards.
import { inject } from "vitest";
import pg from "pg";
import { migrate } from "@/lib/server/database/migrate";
import { db } from "@/lib/server/db";
import { assertLocal } from "@/test/setup/test-database";

export async function createIsolatedDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const server = new URL(inject("databaseUrl"));
  assertLocal(server.toString());
  const name = `berth_isolated_${process.pid}_${Date.now().toString(36)}`;
  const admin = new URL(server);
  admin.pathname = "/postgres";
  async function run(sql: string) {
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }
  await run(`CREATE DATABASE "${name}"`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

// Points this file's lib/server/db (and any other variables given) at a fresh database; lib/server/env reads them on
// first use, so call this before anything touches the database. The returned function cleans up.
export async function useIsolatedDatabase(env: Record<string, string> = {}): Promise<() => Promise<void>> {
  const database = await createIsolatedDatabase();
  Object.assign(process.env, { DATABASE_URL: database.url, ...env });
  return async () => {
    await db.$disconnect();
    await database.drop();
  };
}
