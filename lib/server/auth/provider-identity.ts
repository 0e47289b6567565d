// What a Git provider vouches for about the account signing in: its login, the emails it has verified,
// and whether it belongs to an organization. Asked with the token the sign-in has just obtained.
import { z } from "zod";
import { env } from "@/lib/server/env";
import { providerEndpoints } from "@/lib/server/providers/endpoints";
import { PROVIDER_LABELS as NAMES, type OAuthProvider } from "@/lib/shared/providers/labels";
import type { OAuthIdentity, OrgEntry } from "./sign-in-policy";

export class ProviderCheckError extends Error {
  override name = "ProviderCheckError";
}

async function ask(provider: OAuthProvider, token: string, path: string): Promise<Response> {
  try {
    return await fetch(`${providerEndpoints(env())[provider].api}${path}`, {
      headers: { Authorization: `Bearer ${token}`, Accept: "application/json" },
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw new ProviderCheckError(`${NAMES[provider]} did not answer: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function askJson<T extends z.ZodType>(provider: OAuthProvider, token: string, path: string, schema: T): Promise<z.infer<T>> {
  const response = await ask(provider, token, path);
  if (!response.ok) throw new ProviderCheckError(`${NAMES[provider]} answered ${response.status} to ${path.split("?")[0]}`);
  const parsed = schema.safeParse(await response.json().catch(() => null));
  if (!parsed.success) throw new ProviderCheckError(`${NAMES[provider]} answered ${path.split("?")[0]} in an unexpected shape`);
  return parsed.data;
}

const profileSchema = z.object({
  id: z.union([z.number(), z.string()]).optional(),
  login: z.string().optional(),
  username: z.string().optional(),
  nickname: z.string().optional(),
  email: z.string().nullish(),
  confirmed_at: z.string().nullish(),
});

// The login each provider's profile names the account by.
export function profileLogin(provider: OAuthProvider, profile: unknown): string | null {
  const parsed = profileSchema.safeParse(profile);
  if (!parsed.success) return null;
  return { github: parsed.data.login, gitlab: parsed.data.username, gitea: parsed.data.login, bitbucket: parsed.data.nickname }[provider] ?? null;
}

export async function verifiedEmails(provider: OAuthProvider, token: string, profile: unknown): Promise<string[]> {
  switch (provider) {
    case "github":
    case "gitea": {
      const emails = await askJson(provider, token, "/user/emails", z.array(z.object({ email: z.string(), verified: z.boolean() })));
      return emails.filter((entry) => entry.verified).map((entry) => entry.email);
    }
    case "bitbucket": {
      const emails = await askJson(provider, token, "/user/emails", z.object({ values: z.array(z.object({ email: z.string(), is_confirmed: z.boolean().optional() })) }));
      return emails.values.filter((entry) => entry.is_confirmed === true).map((entry) => entry.email);
    }
    case "gitlab": {
      const primary = profileSchema.safeParse(profile).data;
      return primary?.email && primary.confirmed_at ? [primary.email] : [];
    }
  }
}

export async function oauthIdentity(provider: OAuthProvider, token: string, profile: unknown, options: { emails: boolean }): Promise<OAuthIdentity> {
  return { provider, login: profileLogin(provider, profile), verifiedEmails: options.emails ? await verifiedEmails(provider, token, profile) : [] };
}

// 404 (or an empty answer) means not a member; any other failure is reported, never taken as membership.
export async function isOrgMember(org: OrgEntry, token: string, profile: unknown): Promise<boolean> {
  const { provider, name } = org;
  const login = profileLogin(provider, profile) ?? "";
  const path = {
    github: `/user/memberships/orgs/${encodeURIComponent(name)}`,
    gitlab: `/groups/${encodeURIComponent(name)}/members/all/${encodeURIComponent(String(profileSchema.safeParse(profile).data?.id ?? ""))}`,
    gitea: `/orgs/${encodeURIComponent(name)}/members/${encodeURIComponent(login)}`,
    bitbucket: `/user/permissions/workspaces?q=${encodeURIComponent(`workspace.slug="${name.replaceAll('"', "")}"`)}`,
  }[provider];
  if (provider === "bitbucket") {
    const answer = await askJson(provider, token, path, z.object({ values: z.array(z.unknown()) }));
    return answer.values.length > 0;
  }
  const response = await ask(provider, token, path);
  if (response.status === 404) return false;
  if (!response.ok) throw new ProviderCheckError(`${NAMES[provider]} answered ${response.status} when asked whether you belong to ${name}`);
  if (provider !== "github") return true;
  const membership = z.object({ state: z.string() }).safeParse(await response.json().catch(() => null));
  return membership.data?.state === "active";
}
