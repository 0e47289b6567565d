import type { Actor } from "@/lib/server/auth/access";
import { getConnectionOrThrow } from "./get-connection-or-throw";
import { serializeConnection } from "./serialize-connection";

export async function getConnection(actor: Actor, id: string) {
  const { webhookSecretEncrypted: _secret, service, ...connection } = await getConnectionOrThrow(actor, id);
  return serializeConnection({ ...connection }, service?.branch ?? null);
}
