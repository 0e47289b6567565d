// Who may sign in with a Git provider, and who is an admin: the operator's lists, nothing implied. With an
// OAuth app configured, every account at that provider can complete OAuth; only the accounts, verified
// emails and organizations listed here get in (admins are listed users too). No list at all means OAuth
// sign-in stays closed (the local admin's password still works).
import type { OAuthProvider } from "@/lib/shared/providers/labels";

// `github:octocat`, `gitlab:jane`, or an email address (matched against provider-verified emails only).
export type UserEntry = { provider: OAuthProvider; login: string } | { email: string };
// `github:acme`, `gitlab:group/subgroup`, `gitea:org`, `bitbucket:workspace`.
export type OrgEntry = { provider: OAuthProvider; name: string };

export type SignInPolicy = { users: UserEntry[]; orgs: OrgEntry[]; admins: UserEntry[] };

export type OAuthIdentity = { provider: OAuthProvider; login: string | null; verifiedEmails: string[] };

export type Admission = { allowed: true; admin: boolean } | { allowed: false; why: "closed" | "not_listed" };

const PROVIDERS = ["github", "gitlab", "bitbucket", "gitea"] as const;
const PROVIDER_ENTRY = /^(github|gitlab|bitbucket|gitea):([^\s,:]+)$/;
const EMAIL_ENTRY = /^[^\s@,:]+@[^\s@,]+$/;

export function parseUserEntries(list: string): UserEntry[] | string {
  const entries: UserEntry[] = [];
  for (const raw of splitList(list)) {
    const provider = PROVIDER_ENTRY.exec(raw);
    if (provider) entries.push({ provider: provider[1] as OAuthProvider, login: (provider[2] ?? "").toLowerCase() });
    else if (EMAIL_ENTRY.test(raw)) entries.push({ email: raw.toLowerCase() });
    else return `'${raw}' is neither provider:login (${PROVIDERS.join(", ")}) nor an email address`;
  }
  return entries;
}

export function parseOrgEntries(list: string): OrgEntry[] | string {
  const entries: OrgEntry[] = [];
  for (const raw of splitList(list)) {
    const match = PROVIDER_ENTRY.exec(raw);
    if (!match) return `'${raw}' is not provider:organization (${PROVIDERS.join(", ")})`;
    entries.push({ provider: match[1] as OAuthProvider, name: (match[2] ?? "").toLowerCase() });
  }
  return entries;
}

function splitList(list: string): string[] {
  return list
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
}

export function matchesUser(entry: UserEntry, identity: { provider?: OAuthProvider; login?: string | null; verifiedEmails: string[] }): boolean {
  if ("email" in entry) return identity.verifiedEmails.some((email) => email.toLowerCase() === entry.email);
  return entry.provider === identity.provider && entry.login === identity.login?.toLowerCase();
}

// Organization entries are asked one by one, and only those of the identity's own provider.
export async function admitOAuth(policy: SignInPolicy, identity: OAuthIdentity, isMember: (org: OrgEntry) => Promise<boolean>): Promise<Admission> {
  if (policy.users.length === 0 && policy.orgs.length === 0 && policy.admins.length === 0) return { allowed: false, why: "closed" };
  const admin = policy.admins.some((entry) => matchesUser(entry, identity));
  if (admin || policy.users.some((entry) => matchesUser(entry, identity))) return { allowed: true, admin };
  for (const org of policy.orgs.filter((entry) => entry.provider === identity.provider)) {
    if (await isMember(org)) return { allowed: true, admin };
  }
  return { allowed: false, why: "not_listed" };
}
