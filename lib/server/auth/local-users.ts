// Password accounts: the local admin of an instance without an OAuth app, and any other local users.
import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/server/database/client";
import type { UserRole } from "@/lib/generated/prisma/client";
import { hashPassword, verifyPassword } from "./password";

export function generatePassword(): string {
  return randomBytes(18).toString("base64url");
}

export async function createLocalUser(db: Db, input: { email: string; password: string; name?: string; role?: UserRole }) {
  return db.user.create({
    data: {
      email: input.email.toLowerCase(),
      name: input.name ?? input.email.split("@")[0],
      role: input.role ?? "member",
      passwordHash: await hashPassword(input.password),
    },
  });
}

export async function authenticateLocalUser(db: Db, email: string, password: string) {
  const user = await db.user.findUnique({
    where: { email: email.toLowerCase() },
    omit: { passwordHash: false },
  });
  // Verify against a throwaway hash when there is no such user, so timing does not reveal which emails exist.
  const passwordHash = user?.passwordHash ?? (await dummyHash());
  const valid = await verifyPassword(passwordHash, password);
  if (!user?.passwordHash || !valid) return null;
  const { passwordHash: _omitted, ...safe } = user;
  return safe;
}

let dummy: Promise<string> | undefined;
function dummyHash(): Promise<string> {
  dummy ??= hashPassword(generatePassword());
  return dummy;
}

export type AdminBootstrap =
  | { outcome: "created"; email: string; generatedPassword?: string }
  | { outcome: "password-reset"; email: string }
  | { outcome: "unchanged"; email: string };

// First start creates the admin; later starts leave it alone unless ADMIN_PASSWORD says otherwise,
// which is also how a lost generated password is replaced.
export async function ensureAdminUser(db: Db, { email, password }: { email: string; password?: string }): Promise<AdminBootstrap> {
  const existing = await db.user.findUnique({ where: { email: email.toLowerCase() }, omit: { passwordHash: false } });
  if (!existing) {
    const chosen = password ?? generatePassword();
    await createLocalUser(db, { email, password: chosen, name: "Admin", role: "admin" });
    return { outcome: "created", email, generatedPassword: password ? undefined : chosen };
  }
  if (password && !(existing.passwordHash && (await verifyPassword(existing.passwordHash, password)))) {
    await db.user.update({ where: { id: existing.id }, data: { passwordHash: await hashPassword(password) } });
    return { outcome: "password-reset", email };
  }
  return { outcome: "unchanged", email };
}
