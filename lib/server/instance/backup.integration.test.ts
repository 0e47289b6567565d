// Backup → a fresh data directory and database → restore: the admin signs in with the same password, the same
// services are there with their secrets, a webhook signed with the old secret still verifies, the history is
// whole, and the key files are written beside it. A restore into a database that holds rows is refused.
import { createHmac, randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticateLocalUser, createLocalUser } from "@/lib/server/auth/local-users";
import { createPrismaClient } from "@/lib/server/database/client";
import { db } from "@/lib/server/db";
import { launcherEnv } from "@/lib/server/env";
import { createService } from "@/lib/server/services/create-service";
import { openEnvVars } from "@/lib/server/services/service-secrets";
import { verifySha256Header } from "@/lib/server/webhooks/signature";
import { openWebhookSecret, sealWebhookSecret } from "@/lib/server/webhooks/webhook-secret";
import { createServiceSchema } from "@/lib/shared/validations/service";
import { createIsolatedDatabase, useIsolatedDatabase } from "@/test/support/isolated-database";
import { restoreBackup, writeBackup } from "./backup";

const PASSWORD = "correct horse battery staple";
const SECRET = randomBytes(32).toString("hex");
let dropDatabase: () => Promise<void>;
let dir: string;
let serviceId: string;
let connectionId: string;

beforeAll(async () => {
  dropDatabase = await useIsolatedDatabase();
  dir = await mkdtemp(join(tmpdir(), "berth-backup-"));
  const admin = await createLocalUser(db, { email: `admin-${randomBytes(3).toString("hex")}@example.test`, password: PASSWORD, role: "admin" });
  const service = await createService(
    admin.id,
    createServiceSchema.parse({ name: "shop", provider: "github", clone_url: "https://github.com/acme/shop.git", runtime: { env_vars: { STRIPE_KEY: "sk_live_restored" } } }),
  );
  serviceId = service.id;
  const connection = await db.repositoryConnection.create({ data: { serviceId, ownerId: admin.id, provider: "github", repositoryFullName: "acme/shop", webhookStatus: "active" } });
  connectionId = connection.id;
  await db.repositoryConnection.update({ where: { id: connectionId }, data: { webhookSecretEncrypted: sealWebhookSecret(SECRET, connectionId) } });
  const deployment = await db.deployment.create({ data: { serviceId, trigger: "manual", status: "live", commitSha: "a".repeat(40) } });
  await db.deploymentLog.createMany({ data: Array.from({ length: 1_200 }, (_, index) => ({ deploymentId: deployment.id, step: "build", line: `line ${index}`, stream: "stdout" })) });
});

afterAll(async () => {
  await dropDatabase();
  await rm(dir, { recursive: true, force: true });
});

describe("backup and restore", { timeout: 60_000 }, () => {
  it("restores a working Berth into a fresh data directory and database", async () => {
    const file = join(dir, "berth.backup.gz");
    const written = await writeBackup(launcherEnv({ ...process.env, BERTH_DATA_DIR: join(dir, "old") }), file);
    expect(written.rows).toBeGreaterThan(1_200);
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    const target = await createIsolatedDatabase();
    const fresh = join(dir, "fresh");
    try {
      // On the new machine the keys come from the backup, not the environment.
      const source = { BERTH_DATA_DIR: fresh, DATABASE_URL: target.url };
      expect(await restoreBackup(launcherEnv(source), file)).toMatchObject({ rows: written.rows });
      expect((await readFile(join(fresh, "encryption.key"), "utf8")).trim()).toBe(process.env.ENCRYPTION_KEY);
      expect((await stat(join(fresh, "auth-secret"))).mode & 0o777).toBe(0o600);

      const restored = createPrismaClient(target.url);
      try {
        const admin = await restored.user.findFirstOrThrow({ where: { role: "admin", email: { startsWith: "admin-" } } });
        expect(await authenticateLocalUser(restored, admin.email ?? "", PASSWORD)).toMatchObject({ id: admin.id });
        const service = await restored.service.findUniqueOrThrow({ where: { id: serviceId }, omit: { envVarsEncrypted: false } });
        expect(openEnvVars(service.envVarsEncrypted, service.id)).toEqual({ STRIPE_KEY: "sk_live_restored" });
        const connection = await restored.repositoryConnection.findUniqueOrThrow({ where: { id: connectionId }, omit: { webhookSecretEncrypted: false } });
        const secret = openWebhookSecret(connection.webhookSecretEncrypted ?? "", connection.id);
        const body = Buffer.from(JSON.stringify({ ref: "refs/heads/main" }));
        expect(await verifySha256Header(secret, body, `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`)).toBe(true);
        expect(await restored.deploymentLog.count({ where: { deployment: { serviceId } } })).toBe(1_200);
        // New rows get ids after the restored ones.
        const deployment = await restored.deployment.findFirstOrThrow({ where: { serviceId } });
        await restored.deploymentLog.create({ data: { deploymentId: deployment.id, step: "deploy", line: "after the restore", stream: "stdout" } });
      } finally {
        await restored.$disconnect();
      }

      await expect(restoreBackup(launcherEnv({ BERTH_DATA_DIR: fresh, DATABASE_URL: target.url }), file)).rejects.toThrow(/The database already holds rows \(table \w+\): restore into an empty one/);
    } finally {
      await target.drop();
    }
  });

  it("refuses a file that is not a backup, and a data directory holding another key", async () => {
    const target = await createIsolatedDatabase();
    try {
      const bogus = join(dir, "notes.txt");
      await import("node:fs/promises").then((fs) => fs.writeFile(bogus, "hello"));
      await expect(restoreBackup(launcherEnv({ BERTH_DATA_DIR: join(dir, "x"), DATABASE_URL: target.url }), bogus)).rejects.toThrow(/is not a Berth backup/);
      await expect(restoreBackup(launcherEnv({ BERTH_DATA_DIR: join(dir, "y"), DATABASE_URL: target.url, ENCRYPTION_KEY: randomBytes(32).toString("base64") }), join(dir, "berth.backup.gz"))).rejects.toThrow(
        "ENCRYPTION_KEY is set to another value than the backup's",
      );
    } finally {
      await target.drop();
    }
  });
});
