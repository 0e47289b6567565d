import { env } from "@/lib/server/env";
import { createSecretBox, parseEncryptionKey, type SecretBox } from "./encryption";

export { secretsEqual } from "./compare";
export { DecryptionError, EncryptionKeyError, createSecretBox, generateEncryptionKey, parseEncryptionKey } from "./encryption";
export type { SealedField, SecretBox } from "./encryption";
export { sealedFields } from "./sealed-fields";

let box: SecretBox | undefined;

// The instance's box, keyed by ENCRYPTION_KEY.
export function secretBox(): SecretBox {
  box ??= createSecretBox(parseEncryptionKey(env().ENCRYPTION_KEY));
  return box;
}
