import { randomUUID } from "node:crypto";
import { createLocalUser } from "@/lib/server/auth/local-users";
import { db } from "@/lib/server/db";

// A fresh user per test, so test files can share one database without seeing each other's rows.
export function createTestUser(password = "correct horse battery staple") {
  return createLocalUser(db, { email: `user-${randomUUID()}@example.test`, password });
}
