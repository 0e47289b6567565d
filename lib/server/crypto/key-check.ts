// Proves at start-up that ENCRYPTION_KEY is the key the stored secrets were sealed with. Without it a
// wrong key would only surface later, as failures to read individual secrets.
import type { Db } from "@/lib/server/database/client";
import { DecryptionError, type SecretBox } from "./encryption";
import { isUnbound } from "./reseal";
import { sealedFields } from "./sealed-fields";

const SETTING = "encryption_key_check";
const FIELD = sealedFields.setting(SETTING);
const PLAINTEXT = "berth-encryption-key-check";

export async function verifyEncryptionKey(db: Db, box: SecretBox): Promise<"recorded" | "verified"> {
  const stored = await db.setting.findUnique({ where: { key: SETTING } });
  if (!stored) {
    await db.setting.create({ data: { key: SETTING, value: box.encrypt(PLAINTEXT, FIELD) } });
    return "recorded";
  }
  let plaintext: string;
  try {
    // A database from before ciphertexts were bound is checked as it is; the re-seal that follows binds it.
    plaintext = isUnbound(stored.value) ? box.openUnbound(stored.value) : box.decrypt(stored.value, FIELD);
  } catch (error) {
    const reason = error instanceof DecryptionError ? error.message : String(error);
    throw new DecryptionError(`ENCRYPTION_KEY does not match the key this database's secrets were encrypted with. ${reason}`);
  }
  if (plaintext !== PLAINTEXT) throw new DecryptionError("ENCRYPTION_KEY check value is corrupt");
  return "verified";
}
