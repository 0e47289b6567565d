import { chmod, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { authenticateLocalUser } from "@/lib/server/auth/local-users";
import { createPrismaClient } from "@/lib/server/database/client";
import { generateEncryptionKey } from "@/lib/server/crypto/encryption";
import { launcherEnv } from "@/lib/server/env";
import { createTestDatabase, type TestDatabase } from "@/test/setup/test-database";
import { prepareInstance } from "./prepare-instance";

// The zero-configuration path end to end: embedded PostgreSQL in a fresh data directory, or, when the
// suite runs against a real server, a fresh database there.
const realServer = inject("databaseKind") === "real";
const dirs: string[] = [];
const databases: TestDatabase[] = [];

async function dataDir() {
  const dir = await mkdtemp(join(tmpdir(), "berth-instance-"));
  await chmod(dir, 0o711);
  dirs.push(dir);
  return dir;
}

afterAll(async () => {
  await Promise.all(databases.map((database) => database.drop()));
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe.skipIf(realServer)("first start and restart on the embedded database", () => {
  it("creates secrets and the admin once, and keeps all data across a restart", async () => {
    const dir = await dataDir();
    const config = launcherEnv({ BERTH_DATA_DIR: dir, ADMIN_EMAIL: "owner@example.test" });

    const first = await prepareInstance(config);
    try {
      expect(first.database.embedded).toBe(true);
      expect(first.admin.outcome).toBe("created");
      expect(first.migrations.applied.length).toBeGreaterThan(0);
      for (const file of ["encryption.key", "auth-secret", "inngest-signing-key", "postgres-password"]) {
        expect((await stat(join(dir, file))).mode & 0o777).toBe(0o600);
      }
      expect(first.serverEnv.ENCRYPTION_KEY).toBe((await readFile(join(dir, "encryption.key"), "utf8")).trim());
      const db = createPrismaClient(first.serverEnv.DATABASE_URL ?? "");
      await db.setting.create({ data: { key: "restart-probe", value: "still here" } });
      await db.$disconnect();
    } finally {
      await first.database.stop();
    }

    const second = await prepareInstance(config);
    try {
      expect(second.admin.outcome).toBe("unchanged");
      expect(second.migrations.applied).toEqual([]);
      expect(second.serverEnv.ENCRYPTION_KEY).toBe(first.serverEnv.ENCRYPTION_KEY);
      expect(second.serverEnv.NEXTAUTH_SECRET).toBe(first.serverEnv.NEXTAUTH_SECRET);
      const db = createPrismaClient(second.serverEnv.DATABASE_URL ?? "");
      expect(await db.setting.findUnique({ where: { key: "restart-probe" } })).toMatchObject({ value: "still here" });
      const password = first.admin.outcome === "created" ? first.admin.generatedPassword : undefined;
      expect(await authenticateLocalUser(db, "owner@example.test", password ?? "")).not.toBeNull();
      await db.$disconnect();
    } finally {
      await second.database.stop();
    }

    await expect(prepareInstance({ ...config, ENCRYPTION_KEY: generateEncryptionKey() })).rejects.toThrow(/ENCRYPTION_KEY does not match/);
    await expect(prepareInstance({ ...config, ENCRYPTION_KEY: "short" })).rejects.toThrow(/ENCRYPTION_KEY must decode to 32 bytes/);
  });
});

describe.runIf(realServer)("start against an external database", () => {
  it("migrates it and creates the admin, without starting an embedded server", async () => {
    const dir = await dataDir();
    const database = await createTestDatabase(Object.assign(new URL(inject("databaseUrl")), { pathname: "/postgres" }).toString());
    databases.push(database);
    const external = database.url;
    const instance = await prepareInstance(launcherEnv({ BERTH_DATA_DIR: dir, DATABASE_URL: external, ADMIN_EMAIL: "ext-admin@example.test", ADMIN_PASSWORD: "external password" }));
    expect(instance.database.embedded).toBe(false);
    expect(instance.serverEnv.DATABASE_URL).toBe(external);
    expect(instance.serverEnv.BERTH_DATABASE_EMBEDDED).toBe("false");
    expect(instance.admin).toEqual({ outcome: "created", email: "ext-admin@example.test", generatedPassword: undefined });
    await expect(stat(join(dir, "postgres"))).rejects.toThrow();
  });
});
