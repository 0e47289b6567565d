// next-auth's Prisma adapter, except that provider tokens are sealed before they are stored.
import { randomUUID } from "node:crypto";
import { PrismaAdapter } from "@next-auth/prisma-adapter";
import type { Adapter, AdapterAccount } from "next-auth/adapters";
import type { Db } from "@/lib/server/database/client";
import type { SecretBox } from "@/lib/server/crypto/encryption";
import { sealedFields } from "@/lib/server/crypto/sealed-fields";

interface SealedTokens {
  access_token: string | null;
  refresh_token: string | null;
  id_token: string | null;
  expires_at: number | null;
  scope: string | null;
  token_type: string | null;
}

// Picks the columns we keep: providers add fields of their own (GitHub's refresh_token_expires_in) that
// would make the insert fail.
export function sealAccountTokens(account: Partial<AdapterAccount>, box: SecretBox, id: string): SealedTokens {
  const seal = (value: unknown, column: "access_token" | "refresh_token" | "id_token") =>
    typeof value === "string" && value ? box.encrypt(value, sealedFields.account(column, id)) : null;
  return {
    access_token: seal(account.access_token, "access_token"),
    refresh_token: seal(account.refresh_token, "refresh_token"),
    id_token: seal(account.id_token, "id_token"),
    expires_at: typeof account.expires_at === "number" ? account.expires_at : null,
    scope: account.scope ?? null,
    token_type: account.token_type ?? null,
  };
}

export function createAuthAdapter(db: Db, box: SecretBox): Adapter {
  // The adapter is typed against the default @prisma/client; ours is generated elsewhere with the same models.
  const base = PrismaAdapter(db);
  return {
    ...base,
    async linkAccount(account: AdapterAccount) {
      // The id is chosen here: each token is sealed to its row.
      const id = randomUUID();
      await db.account.create({
        data: {
          id,
          userId: account.userId,
          type: account.type,
          provider: account.provider,
          providerAccountId: account.providerAccountId,
          session_state: typeof account.session_state === "string" ? account.session_state : null,
          ...sealAccountTokens(account, box, id),
        },
      });
    },
  };
}

// Sign-ins after the first bring fresh tokens, which next-auth does not write back on its own.
export async function storeFreshTokens(db: Db, box: SecretBox, account: Partial<AdapterAccount> & { provider: string; providerAccountId: string }) {
  const stored = await db.account.findUnique({ where: { provider_providerAccountId: { provider: account.provider, providerAccountId: account.providerAccountId } }, select: { id: true } });
  if (!stored) return;
  await db.account.update({ where: { id: stored.id }, data: sealAccountTokens(account, box, stored.id) });
}
