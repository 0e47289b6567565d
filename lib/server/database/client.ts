import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";

// Secret columns are left out of every result unless a query asks for them by name, and so is Deployment.sequence,
// a bigint that only orders deployments (JSON cannot carry it).
const omitByDefault = {
  user: { passwordHash: true },
  account: { access_token: true, refresh_token: true, id_token: true },
  service: { gitAuthEncrypted: true, envVarsEncrypted: true, previewEnvVarsEncrypted: true },
  repositoryConnection: { webhookSecretEncrypted: true, previousSecretEncrypted: true },
  notificationChannel: { targetEncrypted: true, signingSecretEncrypted: true },
  apiToken: { tokenHash: true },
  deployment: { sequence: true },
} as const;

const POOL_SIZE = 10;

// A pool shared by a Prisma client and the few statements that skip Prisma (the webhook hot path). It outlives
// $disconnect() (a later query connects again), and lets the process exit while all its connections are idle.
export function createPool(connectionString: string, onError: (error: Error) => void): pg.Pool {
  const pool = new pg.Pool({ connectionString, max: POOL_SIZE, allowExitOnIdle: true });
  // An idle connection the server closed (a restart): the pool drops it and connects anew on the next query.
  pool.on("error", onError);
  return pool;
}

export function createPrismaClient(connectionString: string, pool?: pg.Pool) {
  return new PrismaClient({ adapter: new PrismaPg(pool ?? { connectionString, max: POOL_SIZE }), omit: omitByDefault });
}

export type Db = ReturnType<typeof createPrismaClient>;
