import type { Actor } from "@/lib/server/auth/access";
import { db } from "@/lib/server/db";
import { getServiceWithSecretsOrThrow } from "@/lib/server/services/get-service-or-throw";
import { openEnvVars } from "@/lib/server/services/service-secrets";
import { serializeService } from "@/lib/server/services/serialize-service";
import { serializeConnection } from "./serialize-connection";

// One service with its repository connection (webhook state and settings, never the secret). It lives with
// the connections because a connection belongs to a service, never the other way round.
export async function getServiceDetail(actor: Actor, id: string) {
  const { envVarsEncrypted, gitAuthEncrypted: _credential, ...service } = await getServiceWithSecretsOrThrow(actor, id);
  const found = await db.repositoryConnection.findUnique({ where: { serviceId: service.id }, omit: { webhookSecretEncrypted: false } });
  return {
    ...serializeService(service, Object.keys(openEnvVars(envVarsEncrypted, service.id))),
    // Disconnecting drops the secret; without one nothing can be verified or sent as a test.
    connection: found ? { ...serializeConnection(found, service.branch), has_secret: found.webhookSecretEncrypted !== null } : null,
  };
}

export type ServiceDetailResponse = Awaited<ReturnType<typeof getServiceDetail>>;
