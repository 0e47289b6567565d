// The sign-in policy against each provider's real answers (the emulator): logins, verified emails,
// organization, group and workspace memberships, and the roles they give.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { emulatorUrls, startProviderEmulator, type EmulatedProvider, type ProviderEmulator } from "@/test/emulator/provider-emulator";
import { createTestUser } from "@/test/support/users";
import { admitProviderAccount, applyRole } from "./admit-sign-in";
import { oauthScope } from "./providers";
import { env } from "@/lib/server/env";

let emulator: ProviderEmulator;

beforeAll(async () => {
  emulator = await startProviderEmulator();
  // Read by lib/server/env on first use, which comes after this.
  Object.assign(process.env, {
    ...emulatorUrls(emulator.url),
    BERTH_ALLOWED_USERS: "github:octo,tea@gitea.test",
    BERTH_ALLOWED_ORGS: "github:acme,gitlab:acme/platform,gitea:acme,bitbucket:acme",
    BERTH_ADMINS: "gitlab:boss",
  });
  for (const provider of ["github", "gitlab", "gitea", "bitbucket"] as const) {
    emulator.addOrgMember(provider, provider === "gitlab" ? "acme/platform" : "acme", "member");
    emulator.addOrgMember(provider, "elsewhere", "stranger");
  }
});

afterAll(() => emulator.stop());

const PROFILE_PATHS: Record<EmulatedProvider, string> = { github: "/api/v3/user", gitlab: "/api/v4/user", bitbucket: "/2.0/user", gitea: "/gitea/api/v1/user" };

// What a sign-in as `login` hands the policy: the token, with the scopes Berth asks for, and the profile.
async function signInAs(provider: EmulatedProvider, login: string) {
  const token = emulator.issueToken(provider, oauthScope(env(), provider).split(" "), login);
  const profile: unknown = await (await fetch(`${emulator.url}${PROFILE_PATHS[provider]}`, { headers: { Authorization: `Bearer ${token}` } })).json();
  return admitProviderAccount(provider, token, profile);
}

describe("who may sign in with a provider", () => {
  it.each(["github", "gitlab", "gitea", "bitbucket"] as const)("%s: a member of the allowed organization gets in; an account outside it does not", async (provider) => {
    expect(await signInAs(provider, "member")).toEqual({ admin: false });
    expect(await signInAs(provider, "stranger")).toEqual({ why: "not_listed", login: "stranger" });
  });

  it("admits a listed login and a listed verified email", async () => {
    expect(await signInAs("github", "octo")).toEqual({ admin: false });
    expect(await signInAs("gitea", "tea")).toEqual({ admin: false });
    expect(await signInAs("gitlab", "tea")).toMatchObject({ why: "not_listed" });
  });

  it("admits an admin as one", async () => {
    expect(await signInAs("gitlab", "boss")).toEqual({ admin: true });
  });

  it("refuses, saying why, when the provider cannot say whether the account belongs to an organization", async () => {
    emulator.setDown("github", true);
    try {
      expect(await signInAs("github", "member")).toMatchObject({ why: "check_failed", detail: expect.stringContaining("GitHub answered 503") });
    } finally {
      emulator.setDown("github", false);
    }
  });
});

describe("roles after sign-in", () => {
  it("follow BERTH_ADMINS for provider accounts, and only ever promote a password account", async () => {
    const oauthOnly = await db.user.create({ data: { email: `oauth-${Date.now()}@example.test`, role: "admin" } });
    await applyRole(oauthOnly.id, false);
    expect((await db.user.findUniqueOrThrow({ where: { id: oauthOnly.id } })).role).toBe("member");
    await applyRole(oauthOnly.id, true);
    expect((await db.user.findUniqueOrThrow({ where: { id: oauthOnly.id } })).role).toBe("admin");

    const local = await createTestUser();
    await db.user.update({ where: { id: local.id }, data: { role: "admin" } });
    await applyRole(local.id, false);
    expect((await db.user.findUniqueOrThrow({ where: { id: local.id } })).role).toBe("admin");
  });
});
