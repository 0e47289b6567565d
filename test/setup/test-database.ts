// A throwaway database for a test run: a fresh database on the local server named by
// TEST_DATABASE_URL, or a fresh embedded PostgreSQL cluster in a temporary directory.
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "@/lib/server/database/embedded-postgres";

export interface TestDatabase {
  url: string;
  kind: "embedded" | "real";
  drop(): Promise<void>;
}

// Tests create and drop databases: never let them near anything but this machine.
export function assertLocal(url: string): void {
  const host = new URL(url).hostname;
  if (!["localhost", "127.0.0.1", "::1", "[::1]"].includes(host)) {
    throw new Error(`Refusing to run tests against non-local database host ${host}`);
  }
}

export async function createTestDatabase(serverUrl: string | undefined): Promise<TestDatabase> {
  const name = `berth_test_${process.pid}_${Date.now().toString(36)}`;
  if (serverUrl) {
    assertLocal(serverUrl);
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      kind: "real",
      async drop() {
        const client = new pg.Client({ connectionString: serverUrl });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
        await client.end();
      },
    };
  }
  const dataDir = await mkdtemp(join(tmpdir(), "berth-test-"));
  await chmod(dataDir, 0o711);
  const server = await startEmbeddedPostgres({ dataDir, database: name });
  return {
    url: server.url,
    kind: "embedded",
    async drop() {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
