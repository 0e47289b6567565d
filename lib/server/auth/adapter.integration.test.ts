import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sealedFields, secretBox } from "@/lib/server/crypto";
import { db } from "@/lib/server/db";
import { createAuthAdapter, storeFreshTokens } from "./adapter";

describe("auth adapter", () => {
  it("stores provider tokens sealed, keeps unknown provider fields out, and refreshes them on later sign-ins", async () => {
    const adapter = createAuthAdapter(db, secretBox());
    const user = await adapter.createUser({ email: `oauth-${randomUUID()}@example.test`, name: "Octo", emailVerified: null });
    const providerAccountId = randomUUID();
    await adapter.linkAccount({
      userId: user.id,
      type: "oauth",
      provider: "github",
      providerAccountId,
      access_token: "gho_first_access",
      refresh_token: "ghr_first_refresh",
      expires_at: 1_900_000_000,
      scope: "repo admin:repo_hook",
      token_type: "bearer",
      // GitHub adds this; the table has no such column.
      refresh_token_expires_in: 15_811_200,
    });

    const read = () =>
      db.account.findFirstOrThrow({ where: { providerAccountId }, omit: { access_token: false, refresh_token: false, id_token: false } });
    const stored = await read();
    expect(stored.access_token).toMatch(/^v2\./);
    expect(stored.access_token).not.toContain("gho_first_access");
    expect(secretBox().decrypt(stored.access_token ?? "", sealedFields.account("access_token", stored.id))).toBe("gho_first_access");
    expect(secretBox().decrypt(stored.refresh_token ?? "", sealedFields.account("refresh_token", stored.id))).toBe("ghr_first_refresh");
    expect(stored).toMatchObject({ scope: "repo admin:repo_hook", expires_at: 1_900_000_000, id_token: null });

    expect(await adapter.getUserByAccount?.({ provider: "github", providerAccountId })).toMatchObject({ id: user.id });

    await storeFreshTokens(db, secretBox(), { provider: "github", providerAccountId, access_token: "gho_second_access", scope: "repo" });
    const refreshed = await read();
    expect(secretBox().decrypt(refreshed.access_token ?? "", sealedFields.account("access_token", refreshed.id))).toBe("gho_second_access");
    expect(refreshed.scope).toBe("repo");
  });

  it("leaves tokens out of ordinary queries", async () => {
    const account = await db.account.findFirst();
    expect(account && "access_token" in account).toBe(false);
  });
});
