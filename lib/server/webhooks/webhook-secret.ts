// A connection's webhook secrets at rest: the current one, and the one before a rotation, each sealed to
// its own column of the connection's row.
import { sealedFields, secretBox } from "@/lib/server/crypto";

type Column = "webhookSecretEncrypted" | "previousSecretEncrypted";

export function sealWebhookSecret(secret: string, connectionId: string, column: Column = "webhookSecretEncrypted"): string {
  return secretBox().encrypt(secret, sealedFields.connection(column, connectionId));
}

export function openWebhookSecret(sealed: string, connectionId: string, column: Column = "webhookSecretEncrypted"): string {
  return secretBox().decrypt(sealed, sealedFields.connection(column, connectionId));
}
