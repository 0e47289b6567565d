import { getServiceWithSecretsOrThrow } from "./get-service-or-throw";
import { openEnvVars } from "./service-secrets";
import { serializeService } from "./serialize-service";

export async function getService(ownerId: string, id: string) {
  const { envVarsEncrypted, gitAuthEncrypted: _credential, ...service } = await getServiceWithSecretsOrThrow(ownerId, id);
  return serializeService(service, Object.keys(openEnvVars(envVarsEncrypted)));
}
