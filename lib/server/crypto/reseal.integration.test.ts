// Ciphertexts at rest, bound to their place: a copy moved to another row is refused, and a database from
// before the binding is sealed again at start-up.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { gitCredential } from "@/lib/server/deployments/git-credential";
import { loadDeployment } from "@/lib/server/deployments/load-deployment";
import { requestDeployment } from "@/lib/server/deployments/request-deployment";
import { createService } from "@/lib/server/services/create-service";
import { openGitAuth } from "@/lib/server/services/service-secrets";
import { createServiceSchema } from "@/lib/shared/validations/service";
import { sealUnbound } from "@/test/support/unbound-ciphertext";
import { useIsolatedDatabase } from "@/test/support/isolated-database";
import { createTestUser } from "@/test/support/users";
import { sealedFields, secretBox } from "./index";
import { parseEncryptionKey } from "./encryption";
import { verifyEncryptionKey } from "./key-check";
import { resealUnboundSecrets } from "./reseal";

// The key check's setting row is the whole database's: no other file may write it meanwhile.
let dropDatabase: (() => Promise<void>) | undefined;
beforeAll(async () => {
  dropDatabase = await useIsolatedDatabase();
});
afterAll(() => dropDatabase?.());

const withToken = (user: { id: string }, token: string) =>
  createService(
    user.id,
    createServiceSchema.parse({
      name: `sealed-${randomUUID().slice(0, 8)}`,
      provider: "git",
      clone_url: "https://git.example.com/team/app.git",
      git_auth: { type: "token", token },
    }),
  );

describe("a ciphertext copied to another row", () => {
  it("does not open there: a member cannot borrow another user's credential by copying its column", async () => {
    const admin = await createTestUser();
    const member = await createTestUser();
    const admins = await withToken(admin, "ghp_the_admins_token");
    const members = await withToken(member, "ghp_members_own");
    const source = await db.service.findUniqueOrThrow({ where: { id: admins.id }, select: { gitAuthEncrypted: true } });
    // What someone with write access to the database (and not the key) could do.
    await db.service.update({ where: { id: members.id }, data: { gitAuthEncrypted: source.gitAuthEncrypted } });

    const copied = await db.service.findUniqueOrThrow({ where: { id: members.id }, select: { gitAuthEncrypted: true } });
    expect(() => openGitAuth(copied.gitAuthEncrypted, members.id)).toThrow(/moved from another field or row/);
    const deployment = await requestDeployment(member, members.id, {});
    const loaded = await loadDeployment(deployment.id);
    await expect(gitCredential(loaded.service)).rejects.toThrow(/moved from another field or row/);
    // In its own row it still opens.
    const original = await db.service.findUniqueOrThrow({ where: { id: admins.id }, select: { gitAuthEncrypted: true } });
    expect(openGitAuth(original.gitAuthEncrypted, admins.id)).toMatchObject({ token: "ghp_the_admins_token" });
  });
});

describe("re-sealing a database from before ciphertexts were bound", () => {
  it("binds every unbound ciphertext to its place, once, after the key check accepted the key", async () => {
    const key = parseEncryptionKey(env().ENCRYPTION_KEY);
    const user = await createTestUser();
    const service = await withToken(user, "placeholder");
    const connection = await db.repositoryConnection.create({
      data: { serviceId: service.id, ownerId: user.id, provider: "github", repositoryFullName: "acme/app", webhookSecretEncrypted: sealUnbound(key, "old-webhook-secret") },
    });
    const accountId = randomUUID();
    await db.account.create({
      data: { id: accountId, userId: user.id, type: "oauth", provider: "github", providerAccountId: randomUUID(), access_token: sealUnbound(key, "gho_old") },
    });
    await db.service.update({ where: { id: service.id }, data: { gitAuthEncrypted: sealUnbound(key, JSON.stringify({ type: "token", token: "ghp_old" })) } });
    await db.setting.upsert({ where: { key: "encryption_key_check" }, create: { key: "encryption_key_check", value: sealUnbound(key, "berth-encryption-key-check") }, update: { value: sealUnbound(key, "berth-encryption-key-check") } });

    expect(await verifyEncryptionKey(db, secretBox())).toBe("verified");
    expect(await resealUnboundSecrets(db, secretBox())).toBeGreaterThanOrEqual(4);
    expect(await resealUnboundSecrets(db, secretBox())).toBe(0);

    const box = secretBox();
    const sealedConnection = await db.repositoryConnection.findUniqueOrThrow({ where: { id: connection.id }, omit: { webhookSecretEncrypted: false } });
    expect(box.decrypt(sealedConnection.webhookSecretEncrypted ?? "", sealedFields.connection("webhookSecretEncrypted", connection.id))).toBe("old-webhook-secret");
    const account = await db.account.findUniqueOrThrow({ where: { id: accountId }, omit: { access_token: false } });
    expect(box.decrypt(account.access_token ?? "", sealedFields.account("access_token", accountId))).toBe("gho_old");
    const sealedService = await db.service.findUniqueOrThrow({ where: { id: service.id }, select: { gitAuthEncrypted: true } });
    expect(openGitAuth(sealedService.gitAuthEncrypted, service.id)).toMatchObject({ token: "ghp_old" });
    expect(await verifyEncryptionKey(db, secretBox())).toBe("verified");
    const check = await db.setting.findUniqueOrThrow({ where: { key: "encryption_key_check" } });
    expect(check.value).toMatch(/^v2\./);
  });
});
