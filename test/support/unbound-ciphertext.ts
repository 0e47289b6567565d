// The format Berth wrote before ciphertexts were bound to their field: AES-256-GCM without associated
// data, marked v1. For tests of the re-seal that retires it.
import { createCipheriv, randomBytes } from "node:crypto";
import { keyFingerprint } from "@/lib/server/crypto/encryption";

export function sealUnbound(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", keyFingerprint(key), iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
}
