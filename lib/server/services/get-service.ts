import type { Actor } from "@/lib/server/auth/access";
import { serializeConnection } from "@/lib/server/connections/serialize-connection";
import { db } from "@/lib/server/db";
import { getServiceWithSecretsOrThrow } from "./get-service-or-throw";
import { openEnvVars } from "./service-secrets";
import { serializeService } from "./serialize-service";

// One service with its repository connection (webhook state and settings, never the secret).
export async function getService(actor: Actor, id: string) {
  const { envVarsEncrypted, gitAuthEncrypted: _credential, ...service } = await getServiceWithSecretsOrThrow(actor, id);
  const found = await db.repositoryConnection.findUnique({ where: { serviceId: service.id }, omit: { webhookSecretEncrypted: false } });
  return {
    ...serializeService(service, Object.keys(openEnvVars(envVarsEncrypted, service.id))),
    // Disconnecting drops the secret; without one nothing can be verified or sent as a test.
    connection: found ? { ...serializeConnection(found, service.branch), has_secret: found.webhookSecretEncrypted !== null } : null,
  };
}

export type ServiceDetailResponse = Awaited<ReturnType<typeof getService>>;
