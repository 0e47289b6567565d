// Everything that happens before the web server starts: secrets, database, migrations, the key check
// and the local admin. Used by the launcher (scripts/berth.ts) and `npm run db:migrate`.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { ensureAdminUser, type AdminBootstrap } from "@/lib/server/auth/local-users";
import { createSecretBox, generateEncryptionKey, parseEncryptionKey } from "@/lib/server/crypto/encryption";
import { verifyEncryptionKey } from "@/lib/server/crypto/key-check";
import { resealUnboundSecrets } from "@/lib/server/crypto/reseal";
import { createPrismaClient } from "@/lib/server/database/client";
import { startEmbeddedPostgres } from "@/lib/server/database/embedded-postgres";
import { migrate, type MigrateResult } from "@/lib/server/database/migrate";
import type { LauncherEnv } from "@/lib/server/env";

export interface Database {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export async function openDatabase(config: LauncherEnv, onLog: (line: string) => void = () => {}): Promise<Database> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, embedded: false, stop: async () => {} };
  const dataDir = await ensureDataDir(config.BERTH_DATA_DIR);
  const server = await startEmbeddedPostgres({ dataDir, onLog });
  return { url: server.url, embedded: true, stop: () => server.stop() };
}

export interface PreparedInstance {
  database: Database;
  migrations: MigrateResult;
  // Secrets from before ciphertexts were bound to their field, sealed again at this start.
  resealed: number;
  admin: AdminBootstrap;
  // Variables the web server process gets on top of the launcher's own environment.
  serverEnv: Record<string, string>;
}

export async function prepareInstance(config: LauncherEnv, onLog: (line: string) => void = () => {}): Promise<PreparedInstance> {
  const dataDir = await ensureDataDir(config.BERTH_DATA_DIR);
  const encryptionKey = config.ENCRYPTION_KEY ?? (await readOrCreateSecret(join(dataDir, "encryption.key"), generateEncryptionKey));
  const box = createSecretBox(parseEncryptionKey(encryptionKey));
  const authSecret = config.NEXTAUTH_SECRET ?? (await readOrCreateSecret(join(dataDir, "auth-secret"), () => randomBytes(32).toString("base64url")));
  // /api/inngest only answers requests signed with this key: an Inngest server's, or the embedded executor's.
  const inngestSigningKey =
    config.INNGEST_SIGNING_KEY ?? (await readOrCreateSecret(join(dataDir, "inngest-signing-key"), () => `signkey-prod-${randomBytes(32).toString("hex")}`));

  const database = await openDatabase(config, onLog);
  try {
    const migrations = await migrate(database.url);
    const db = createPrismaClient(database.url);
    try {
      await verifyEncryptionKey(db, box);
      const resealed = await resealUnboundSecrets(db, box);
      const admin = await ensureAdminUser(db, { email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD });
      return {
        database,
        migrations,
        resealed,
        admin,
        serverEnv: {
          DATABASE_URL: database.url,
          BERTH_DATA_DIR: dataDir,
          BERTH_DATABASE_EMBEDDED: String(database.embedded),
          ENCRYPTION_KEY: encryptionKey,
          NEXTAUTH_SECRET: authSecret,
          INNGEST_SIGNING_KEY: inngestSigningKey,
          NEXTAUTH_URL: config.NEXTAUTH_URL ?? `http://localhost:${config.PORT}`,
          NEXT_TELEMETRY_DISABLED: "1",
          BERTH_INTERNAL_URL: `http://${internalHost(config.BERTH_HOST)}:${config.PORT}`,
        },
      };
    } finally {
      await db.$disconnect();
    }
  } catch (error) {
    await database.stop();
    throw error;
  }
}

// Enterable but not listable by others: the embedded server's `postgres` user must reach its cluster
// inside; the secret files beside it are owner-only.
async function ensureDataDir(dir: string): Promise<string> {
  const path = resolve(dir);
  await mkdir(path, { recursive: true });
  await chmod(path, 0o711);
  return path;
}

// Generated once, kept owner-only; a later start reads the same value back.
async function readOrCreateSecret(file: string, generate: () => string): Promise<string> {
  if (existsSync(file)) {
    await chmod(file, 0o600);
    return (await readFile(file, "utf8")).trim();
  }
  const value = generate();
  await writeFile(file, `${value}\n`, { mode: 0o600, flag: "wx" });
  return value;
}

// The address this machine's own processes use to reach the server: loopback when it listens everywhere.
function internalHost(host: string): string {
  if (host === "0.0.0.0" || host === "::") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}
