import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/setup/test-database";
import { migrate, MigrationError, readMigrations } from "./migrate";

// Each case gets its own empty database on the server the suite runs against.
const serverUrl = Object.assign(new URL(inject("databaseUrl")), { pathname: "/postgres" }).toString();
const databases: TestDatabase[] = [];

async function emptyDatabase(): Promise<string> {
  const database = await createTestDatabase(serverUrl);
  databases.push(database);
  return database.url;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function migrationsDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "berth-migrations-"));
  for (const [name, sql] of Object.entries(files)) {
    await mkdir(join(dir, name));
    await writeFile(join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

afterAll(async () => {
  await Promise.all(databases.map((database) => database.drop()));
});

describe("migrate", () => {
  let url: string;
  beforeAll(async () => {
    url = await emptyDatabase();
  });

  it("applies the project's migrations and records them as Prisma does", async () => {
    const expected = await readMigrations();
    const result = await migrate(url);
    expect(result.applied).toEqual(expected.map((migration) => migration.name));

    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
      url,
      `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.map((row) => [row.migration_name, row.checksum])).toEqual(expected.map((migration) => [migration.name, migration.checksum]));
    expect(rows.every((row) => row.finished_at !== null && row.applied_steps_count === 1)).toBe(true);

    const tables = await query<{ tablename: string }>(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
    expect(tables.map((table) => table.tablename)).toEqual(
      expect.arrayContaining(["User", "Account", "Session", "Service", "RepositoryConnection", "WebhookDelivery", "Deployment", "DeploymentLog", "Notification"]),
    );
  });

  it("applies nothing the second time", async () => {
    expect(await migrate(url)).toEqual({ applied: [], unknown: [] });
  });

  it("gives connections made before CI-only connections existed their service's owner", async () => {
    const before = await emptyDatabase();
    const all = await readMigrations();
    const upTo = all.findIndex((migration) => migration.name.endsWith("_ci_only_connections"));
    await migrate(before, await migrationsDir(Object.fromEntries(all.slice(0, upTo).map((migration) => [migration.name, migration.sql]))));
    await query(
      before,
      `INSERT INTO "User" (id, "updatedAt") VALUES ('owner-1', now());
       INSERT INTO "Service" (id, "ownerId", name, slug, provider, "cloneUrl", "updatedAt") VALUES ('service-1', 'owner-1', 'web', 'web', 'github', 'https://example.com/a.git', now());
       INSERT INTO "RepositoryConnection" (id, "serviceId", provider, "repositoryFullName", "updatedAt") VALUES ('connection-1', 'service-1', 'github', 'acme/web', now());`,
    );
    expect((await migrate(before)).applied).toEqual(all.slice(upTo).map((migration) => migration.name));
    expect(await query(before, `SELECT id, "ownerId" FROM "RepositoryConnection"`)).toEqual([{ id: "connection-1", ownerId: "owner-1" }]);
  });
});

describe("migrate with crafted migrations", () => {
  it("refuses a migration edited after it was applied", async () => {
    const url = await emptyDatabase();
    await migrate(url, await migrationsDir({ "001_a": "CREATE TABLE a (id int);" }));
    await expect(migrate(url, await migrationsDir({ "001_a": "CREATE TABLE a (id bigint);" }))).rejects.toThrow(
      /001_a was changed after it was applied/,
    );
  });

  it("leaves neither changes nor a record behind when a migration fails, and names it", async () => {
    const url = await emptyDatabase();
    const dir = await migrationsDir({ "001_ok": "CREATE TABLE ok (id int);", "002_bad": "CREATE TABLE half (id int);\nSELECT nonsense FROM nowhere;" });
    const failure = migrate(url, dir);
    await expect(failure).rejects.toBeInstanceOf(MigrationError);
    await expect(failure).rejects.toThrow(/002_bad failed: relation "nowhere" does not exist/);

    const tables = await query<{ tablename: string }>(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
    expect(tables.map((table) => table.tablename)).toEqual(["_prisma_migrations", "ok"]);
    const recorded = await query<{ migration_name: string }>(url, `SELECT migration_name FROM "_prisma_migrations"`);
    expect(recorded.map((row) => row.migration_name)).toEqual(["001_ok"]);
  });

  it("applies each migration once when several instances start together", async () => {
    const url = await emptyDatabase();
    const dir = await migrationsDir({ "001_a": "CREATE TABLE a (id int);", "002_b": "CREATE TABLE b (id int);" });
    const results = await Promise.all([migrate(url, dir), migrate(url, dir), migrate(url, dir)]);
    expect(results.flatMap((result) => result.applied).sort()).toEqual(["001_a", "002_b"]);
  });

  it("reports migrations the database has but this checkout lacks", async () => {
    const url = await emptyDatabase();
    await migrate(url, await migrationsDir({ "001_a": "SELECT 1;", "002_newer": "SELECT 1;" }));
    expect(await migrate(url, await migrationsDir({ "001_a": "SELECT 1;" }))).toEqual({ applied: [], unknown: ["002_newer"] });
  });
});
