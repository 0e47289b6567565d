// The sign-in policy applied: whether a provider account may come in (and as what), and the role a user
// holds after signing in. Provider-only accounts follow BERTH_ADMINS both ways; a password account (the
// local admin, users the operator made) is only ever promoted by it.
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { logger } from "@/lib/server/logger";
import { isOrgMember, oauthIdentity, ProviderCheckError } from "./provider-identity";
import type { OAuthProvider } from "@/lib/shared/providers/labels";
import { admitOAuth, matchesUser, type Admission, type SignInPolicy } from "./sign-in-policy";

export type Refusal = { why: "closed" | "not_listed" | "check_failed"; login: string | null; detail?: string };

export function signInPolicy(): SignInPolicy {
  const config = env();
  return { users: config.BERTH_ALLOWED_USERS, orgs: config.BERTH_ALLOWED_ORGS, admins: config.BERTH_ADMINS };
}

export async function admitProviderAccount(provider: OAuthProvider, token: string, profile: unknown): Promise<{ admin: boolean } | Refusal> {
  const policy = signInPolicy();
  const needsEmails = [...policy.users, ...policy.admins].some((entry) => "email" in entry);
  let admission: Admission;
  let login: string | null = null;
  try {
    const identity = await oauthIdentity(provider, token, profile, { emails: needsEmails });
    login = identity.login;
    admission = await admitOAuth(policy, identity, (org) => isOrgMember(org, token, profile));
  } catch (error) {
    if (!(error instanceof ProviderCheckError)) throw error;
    logger.warn({ provider, login, err: error.message }, "sign-in refused: the provider could not confirm who the account is");
    return { why: "check_failed", login, detail: error.message };
  }
  if (!admission.allowed) {
    logger.info({ provider, login, why: admission.why }, "sign-in refused by the sign-in policy");
    return { why: admission.why, login };
  }
  return { admin: admission.admin };
}

// Where the sign-in page explains a refusal.
export function refusalUrl(provider: OAuthProvider, refusal: Refusal): string {
  const reason = { closed: "SignInClosed", not_listed: "NotAllowed", check_failed: "ProviderCheckFailed" }[refusal.why];
  const query = new URLSearchParams({ error: reason, provider });
  if (refusal.login) query.set("login", refusal.login);
  return `/signin?${query}`;
}

export async function applyRole(userId: string, listedAsAdmin: boolean): Promise<void> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { role: true, passwordHash: true } });
  if (!user) return;
  const role = listedAsAdmin ? "admin" : user.passwordHash ? user.role : "member";
  if (role !== user.role) await db.user.update({ where: { id: userId }, data: { role } });
}

// A password account is an admin when BERTH_ADMINS names its email.
export function listedAsAdminByEmail(email: string | null | undefined): boolean {
  return Boolean(email) && signInPolicy().admins.some((entry) => matchesUser(entry, { verifiedEmails: [email ?? ""] }));
}

export async function isPasswordAccount(userId: string): Promise<boolean> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  return Boolean(user?.passwordHash);
}
