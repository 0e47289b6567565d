import { describe, expect, it } from "vitest";
import { sealUnbound } from "@/test/support/unbound-ciphertext";
import { createSecretBox, DecryptionError, EncryptionKeyError, generateEncryptionKey, parseEncryptionKey } from "./encryption";

const box = () => createSecretBox(parseEncryptionKey(generateEncryptionKey()));

const field = { table: "Service", column: "gitAuthEncrypted", row: "svc-1" };

describe("secret box", () => {
  it("round-trips text, including non-ASCII", () => {
    const sealer = box();
    for (const secret of ["ghp_abc123", "", "pässwörd 🔑", "x".repeat(10_000)]) {
      expect(sealer.decrypt(sealer.encrypt(secret, field), field)).toBe(secret);
    }
  });

  it("never produces the same ciphertext twice and never contains the plaintext", () => {
    const sealer = box();
    const a = sealer.encrypt("same secret", field);
    const b = sealer.encrypt("same secret", field);
    expect(a).not.toBe(b);
    expect(a).not.toContain("same secret");
    expect(Buffer.from(a.split(".")[4] ?? "", "base64url").toString()).not.toContain("same secret");
  });

  it("rejects a tampered ciphertext", () => {
    const sealer = box();
    const parts = sealer.encrypt("deploy key", field).split(".");
    const body = Buffer.from(parts[4] ?? "", "base64url");
    body[0] = (body[0] ?? 0) ^ 0xff;
    parts[4] = body.toString("base64url");
    expect(() => sealer.decrypt(parts.join("."), field)).toThrow(/failed authentication/);
  });

  it.each([
    ["another row", { ...field, row: "svc-2" }],
    ["another column", { ...field, column: "envVarsEncrypted" }],
    ["another table", { ...field, table: "Account" }],
  ])("refuses a ciphertext moved to %s", (_case, elsewhere) => {
    const sealer = box();
    expect(() => sealer.decrypt(sealer.encrypt("ghp_admins_token", field), elsewhere)).toThrow(/moved from another field or row/);
  });

  it("names both keys when the ciphertext was sealed with another key", () => {
    const first = box();
    const second = box();
    const error = (() => {
      try {
        second.decrypt(first.encrypt("token", field), field);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(DecryptionError);
    expect(String(error)).toContain(`encrypted with key ${first.keyId}`);
    expect(String(error)).toContain(`ENCRYPTION_KEY is key ${second.keyId}`);
  });

  it("opens an unbound (v1) ciphertext only to seal it again, never as a field's value", () => {
    const key = parseEncryptionKey(generateEncryptionKey());
    const legacy = sealUnbound(key, "old token");
    const sealer = createSecretBox(key);
    expect(sealer.openUnbound(legacy)).toBe("old token");
    expect(() => sealer.decrypt(legacy, field)).toThrow(/not bound to its place/);
    expect(() => sealer.openUnbound(sealer.encrypt("new", field))).toThrow(/Not an unbound/);
  });

  it.each(["", "v1", "v2.a.b.c.d", "v2.k.iv.tag", "v2.k.iv.tag.body.extra", "v3.k.iv.tag.body"])("rejects %j as not a ciphertext", (value) => {
    expect(() => box().decrypt(value, field)).toThrow(DecryptionError);
  });
});

describe("parseEncryptionKey", () => {
  it("accepts 32 random bytes in base64", () => {
    expect(parseEncryptionKey(generateEncryptionKey())).toHaveLength(32);
  });

  it.each([
    ["not base64", "this is not base64!", /not valid base64/],
    ["too short", Buffer.alloc(16).toString("base64"), /32 bytes, not 16/],
    ["too long", Buffer.alloc(48).toString("base64"), /32 bytes, not 48/],
  ])("rejects a key that is %s with a message naming ENCRYPTION_KEY", (_case, key, message) => {
    expect(() => parseEncryptionKey(key)).toThrow(EncryptionKeyError);
    expect(() => parseEncryptionKey(key)).toThrow(message);
  });
});

