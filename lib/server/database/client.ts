import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";

// Secret columns are left out of every result unless a query asks for them by name.
const omitSecrets = {
  user: { passwordHash: true },
  account: { access_token: true, refresh_token: true, id_token: true },
  service: { gitAuthEncrypted: true, envVarsEncrypted: true, previewEnvVarsEncrypted: true },
  repositoryConnection: { webhookSecretEncrypted: true, previousSecretEncrypted: true },
  notificationChannel: { targetEncrypted: true, signingSecretEncrypted: true },
  apiToken: { tokenHash: true },
} as const;

export function createPrismaClient(connectionString: string) {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max: 10 }), omit: omitSecrets });
}

export type Db = ReturnType<typeof createPrismaClient>;
