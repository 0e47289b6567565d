import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { createSecretBox, DecryptionError, generateEncryptionKey, parseEncryptionKey } from "./encryption";
import { verifyEncryptionKey } from "./key-check";

const newBox = () => createSecretBox(parseEncryptionKey(generateEncryptionKey()));

afterEach(async () => {
  await db.setting.deleteMany({ where: { key: "encryption_key_check" } });
});

describe("verifyEncryptionKey", () => {
  it("records the key on first start and accepts it afterwards", async () => {
    const box = newBox();
    expect(await verifyEncryptionKey(db, box)).toBe("recorded");
    expect(await verifyEncryptionKey(db, box)).toBe("verified");
  });

  it("stops start-up with a clear error when the key changed", async () => {
    const original = newBox();
    await verifyEncryptionKey(db, original);
    const other = newBox();
    const failure = verifyEncryptionKey(db, other);
    await expect(failure).rejects.toBeInstanceOf(DecryptionError);
    await expect(failure).rejects.toThrow(`ENCRYPTION_KEY does not match the key this database's secrets were encrypted with`);
    await expect(verifyEncryptionKey(db, other)).rejects.toThrow(`encrypted with key ${original.keyId}`);
  });
});
