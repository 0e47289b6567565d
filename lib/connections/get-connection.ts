import { getConnectionOrThrow } from "./get-connection-or-throw";
import { serializeConnection } from "./serialize-connection";

export async function getConnection(ownerId: string, id: string) {
  const { webhookSecretEncrypted: _secret, service, ...connection } = await getConnectionOrThrow(ownerId, id);
  return serializeConnection({ ...connection }, service.branch);
}
