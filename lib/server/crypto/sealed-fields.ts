// Every column that holds a ciphertext, and the name of each ciphertext's place (its table, column and
// row), which sealing binds it to. The same list drives the re-seal of older, unbound ciphertexts.
import type { SealedField } from "./encryption";

export const SEALED_COLUMNS = [
  { table: "Account", key: "id", columns: ["access_token", "refresh_token", "id_token"] },
  { table: "Service", key: "id", columns: ["gitAuthEncrypted", "envVarsEncrypted", "previewEnvVarsEncrypted"] },
  { table: "RepositoryConnection", key: "id", columns: ["webhookSecretEncrypted", "previousSecretEncrypted"] },
  { table: "NotificationChannel", key: "id", columns: ["targetEncrypted", "signingSecretEncrypted"] },
  // Only the key check is a ciphertext among the settings.
  { table: "Setting", key: "key", columns: ["value"], only: "encryption_key_check" },
] as const;

type Columns<T extends (typeof SEALED_COLUMNS)[number]["table"]> = Extract<(typeof SEALED_COLUMNS)[number], { table: T }>["columns"][number];

export const sealedFields = {
  account: (column: Columns<"Account">, id: string): SealedField => ({ table: "Account", column, row: id }),
  service: (column: Columns<"Service">, id: string): SealedField => ({ table: "Service", column, row: id }),
  connection: (column: Columns<"RepositoryConnection">, id: string): SealedField => ({ table: "RepositoryConnection", column, row: id }),
  channel: (column: Columns<"NotificationChannel">, id: string): SealedField => ({ table: "NotificationChannel", column, row: id }),
  setting: (key: string): SealedField => ({ table: "Setting", column: "value", row: key }),
};
