// AES-256-GCM for secrets at rest. A ciphertext names the key it was sealed with (a fingerprint, not the
// key), so a wrong key is reported as such instead of surfacing as a bare authentication failure, and is
// bound to the field it was sealed for.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

// v2 binds each ciphertext to its table, column and row; v1 ciphertexts (no binding) are only ever opened
// to be sealed again (lib/server/crypto/reseal.ts).
const VERSION = "v2";
const UNBOUND_VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class EncryptionKeyError extends Error {
  override name = "EncryptionKeyError";
}

export class DecryptionError extends Error {
  override name = "DecryptionError";
}

export function generateEncryptionKey(): string {
  return randomBytes(32).toString("base64");
}

export function parseEncryptionKey(base64: string): Buffer {
  const trimmed = base64.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) {
    throw new EncryptionKeyError("ENCRYPTION_KEY is not valid base64 (generate one with `openssl rand -base64 32`)");
  }
  const key = Buffer.from(trimmed, "base64");
  if (key.length !== 32) {
    throw new EncryptionKeyError(`ENCRYPTION_KEY must decode to 32 bytes, not ${key.length} (generate one with \`openssl rand -base64 32\`)`);
  }
  return key;
}

export function keyFingerprint(key: Buffer): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 8);
}

// Where a ciphertext lives. It is bound to that place as AES-GCM associated data: copied into another
// column or row, it no longer opens.
export type SealedField = { table: string; column: string; row: string };

export interface SecretBox {
  readonly keyId: string;
  encrypt(plaintext: string, field: SealedField): string;
  decrypt(sealed: string, field: SealedField): string;
  // A ciphertext from before fields were bound (v1), opened only to seal it again in its place.
  openUnbound(sealed: string): string;
}

function associatedData(field: SealedField): Buffer {
  return Buffer.from(`berth:${field.table}.${field.column}:${field.row}`, "utf8");
}

export function createSecretBox(key: Buffer): SecretBox {
  const keyId = keyFingerprint(key);

  function open(sealed: string, version: string, aad: Buffer | null): string {
    const [sealedVersion, sealedKeyId, iv, tag, body, ...rest] = sealed.split(".");
    if ((sealedVersion !== VERSION && sealedVersion !== UNBOUND_VERSION) || !sealedKeyId || !iv || !tag || body === undefined || rest.length > 0) {
      throw new DecryptionError("Not a Berth ciphertext");
    }
    if (sealedVersion !== version) {
      throw new DecryptionError(
        version === VERSION ? "Ciphertext is not bound to its place (sealed before v2): start Berth once to seal it again" : "Not an unbound (v1) ciphertext",
      );
    }
    if (sealedKeyId !== keyId) {
      throw new DecryptionError(`Secret was encrypted with key ${sealedKeyId} but ENCRYPTION_KEY is key ${keyId}: restore the original ENCRYPTION_KEY`);
    }
    const ivBytes = Buffer.from(iv, "base64url");
    const tagBytes = Buffer.from(tag, "base64url");
    if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) {
      throw new DecryptionError("Corrupt ciphertext");
    }
    const decipher = createDecipheriv("aes-256-gcm", key, ivBytes);
    if (aad) decipher.setAAD(aad);
    decipher.setAuthTag(tagBytes);
    try {
      return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
    } catch {
      throw new DecryptionError("Ciphertext failed authentication: it was altered, moved from another field or row, or sealed with another key");
    }
  }

  return {
    keyId,
    encrypt(plaintext, field) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      cipher.setAAD(associatedData(field));
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, keyId, iv.toString("base64url"), tag.toString("base64url"), body.toString("base64url")].join(".");
    },
    decrypt: (sealed, field) => open(sealed, VERSION, associatedData(field)),
    openUnbound: (sealed) => open(sealed, UNBOUND_VERSION, null),
  };
}
