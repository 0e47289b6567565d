// The instance's people, for its admins: who can sign in, how, and as what.
import { assertAdmin, type Actor } from "@/lib/server/auth/access";
import { db } from "@/lib/server/db";

export async function listUsers(actor: Actor) {
  assertAdmin(actor);
  const users = await db.user.findMany({
    orderBy: { createdAt: "asc" },
    select: { id: true, email: true, name: true, role: true, createdAt: true, passwordHash: true, accounts: { select: { provider: true } } },
  });
  return users.map((user) => ({
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    sign_in: [...(user.passwordHash ? ["password"] : []), ...user.accounts.map((account) => account.provider)],
    created_at: user.createdAt.toISOString(),
  }));
}
