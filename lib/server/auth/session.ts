import "server-only";
import { getServerSession } from "next-auth";
import { connection } from "next/server";
import { db } from "@/lib/server/db";
import { authOptions } from "./options";

// The signed-in user, read back from the database: a valid token for a deleted user is no session.
export async function getSessionUser() {
  // A session is per request: never prerender a page that depends on one.
  await connection();
  const session = await getServerSession(authOptions());
  if (!session?.user?.id) return null;
  return db.user.findUnique({ where: { id: session.user.id } });
}

export type SessionUser = NonNullable<Awaited<ReturnType<typeof getSessionUser>>>;
