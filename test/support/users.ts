import { randomUUID } from "node:crypto";
import { createLocalUser } from "@/lib/server/auth/local-users";
import { sealedFields, secretBox } from "@/lib/server/crypto";
import { db } from "@/lib/server/db";
import type { EmulatedProvider, ProviderEmulator } from "@/test/emulator/provider-emulator";

// A fresh user per test, so test files can share one database without seeing each other's rows.
export function createTestUser(password = "correct horse battery staple") {
  return createLocalUser(db, { email: `user-${randomUUID()}@example.test`, password });
}

// A fresh user who signed in with the emulated provider: their account holds an emulator token (with the
// provider's usual scopes unless told), sealed as sign-in stores it.
export async function createLinkedUser(emulator: ProviderEmulator, provider: EmulatedProvider, scopes?: string[]) {
  const user = await createTestUser();
  const id = randomUUID();
  const token = secretBox().encrypt(emulator.issueToken(provider, scopes), sealedFields.account("access_token", id));
  await db.account.create({ data: { id, userId: user.id, type: "oauth", provider, providerAccountId: randomUUID(), access_token: token } });
  return user;
}
