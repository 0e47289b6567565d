import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { authenticateLocalUser, ensureAdminUser } from "./local-users";

const adminEmail = () => `admin-${randomUUID()}@example.test`;

describe("local admin", () => {
  it("is created on first start with a generated password, stored only as an argon2id hash", async () => {
    const email = adminEmail();
    const result = await ensureAdminUser(db, { email });
    expect(result.outcome).toBe("created");
    const password = result.outcome === "created" ? result.generatedPassword : undefined;
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);

    const row = await db.user.findUniqueOrThrow({ where: { email }, omit: { passwordHash: false } });
    expect(row.role).toBe("admin");
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain(password);

    expect(await authenticateLocalUser(db, email, password ?? "")).toMatchObject({ email, role: "admin" });
    expect(await authenticateLocalUser(db, email.toUpperCase(), password ?? "")).toMatchObject({ email });
    expect(await authenticateLocalUser(db, email, "wrong password")).toBeNull();
    expect(await authenticateLocalUser(db, "nobody@example.test", password ?? "")).toBeNull();
  });

  it("keeps its password on later starts, and takes ADMIN_PASSWORD when one is given", async () => {
    const email = adminEmail();
    await ensureAdminUser(db, { email, password: "first password 1" });
    expect(await ensureAdminUser(db, { email })).toEqual({ outcome: "unchanged", email });
    expect(await ensureAdminUser(db, { email, password: "first password 1" })).toEqual({ outcome: "unchanged", email });
    expect(await ensureAdminUser(db, { email, password: "second password 2" })).toEqual({ outcome: "password-reset", email });
    expect(await authenticateLocalUser(db, email, "first password 1")).toBeNull();
    expect(await authenticateLocalUser(db, email, "second password 2")).not.toBeNull();
  });

  it("never returns the password hash from authentication", async () => {
    const email = adminEmail();
    await ensureAdminUser(db, { email, password: "some password 12" });
    const user = await authenticateLocalUser(db, email, "some password 12");
    expect(user && "passwordHash" in user).toBe(false);
  });
});
