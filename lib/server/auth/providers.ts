// OAuth providers, each enabled when its client id and secret are set. Base URLs are configurable for
// GitHub Enterprise, self-managed GitLab, any Gitea or Forgejo server and (in tests) the provider emulator.
import type { OAuthConfig } from "next-auth/providers/oauth";
import GitHubProvider from "next-auth/providers/github";
import GitLabProvider from "next-auth/providers/gitlab";
import type { ServerEnv } from "@/lib/server/env";
import { providerEndpoints } from "@/lib/server/providers/endpoints";
import type { OAuthProvider } from "@/lib/shared/providers/labels";

// The scopes later calls need: listing repositories, managing their webhooks, commit statuses and the
// previews' pull-request comments (Bitbucket's pullrequest, Gitea's write:issue).
export const OAUTH_SCOPES: Record<OAuthProvider, string> = {
  github: "read:user user:email repo admin:repo_hook",
  gitlab: "read_user api",
  bitbucket: "account email repository webhook pullrequest",
  gitea: "read:user write:repository write:issue",
};

interface Profile {
  id: string;
  name: string | null;
  email: string | null;
  image: string | null;
}

async function getJson<T>(url: string, accessToken: string | undefined, scheme = "Bearer"): Promise<T> {
  const response = await fetch(url, { headers: { Authorization: `${scheme} ${accessToken}`, Accept: "application/json" } });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return (await response.json()) as T;
}

// Reading organization memberships needs a scope of its own, asked for only when the sign-in policy
// names organizations at that provider.
export function oauthScope(config: ServerEnv, provider: OAuthProvider): string {
  const extra = { github: "read:org", gitea: "read:organization", gitlab: null, bitbucket: null }[provider];
  const needsOrgs = extra !== null && config.BERTH_ALLOWED_ORGS.some((org) => org.provider === provider);
  return needsOrgs ? `${OAUTH_SCOPES[provider]} ${extra}` : OAUTH_SCOPES[provider];
}

function github(config: ServerEnv, clientId: string, clientSecret: string): OAuthConfig<Record<string, unknown>> {
  const { web, api, authorize, token } = providerEndpoints(config).github;
  return GitHubProvider({
    clientId,
    clientSecret,
    issuer: `${web}/login/oauth`,
    authorization: { url: authorize, params: { scope: oauthScope(config, "github") } },
    token,
    userinfo: {
      url: `${api}/user`,
      async request({ tokens }) {
        const user = await getJson<Record<string, unknown>>(`${api}/user`, tokens.access_token, "token");
        if (!user.email) {
          const emails = await getJson<{ email: string; primary: boolean }[]>(`${api}/user/emails`, tokens.access_token, "token").catch(() => []);
          user.email = (emails.find((entry) => entry.primary) ?? emails[0])?.email ?? null;
        }
        return user;
      },
    },
  }) as OAuthConfig<Record<string, unknown>>;
}

function gitlab(config: ServerEnv, clientId: string, clientSecret: string): OAuthConfig<Record<string, unknown>> {
  const { api, authorize, token } = providerEndpoints(config).gitlab;
  return GitLabProvider({
    clientId,
    clientSecret,
    authorization: { url: authorize, params: { scope: OAUTH_SCOPES.gitlab } },
    token,
    userinfo: `${api}/user`,
  }) as OAuthConfig<Record<string, unknown>>;
}

interface BitbucketUser {
  uuid: string;
  display_name?: string;
  nickname?: string;
  links?: { avatar?: { href?: string } };
  email?: string;
}

function bitbucket(config: ServerEnv, clientId: string, clientSecret: string): OAuthConfig<BitbucketUser> {
  const { api, authorize, token } = providerEndpoints(config).bitbucket;
  return {
    id: "bitbucket",
    name: "Bitbucket",
    type: "oauth",
    clientId,
    clientSecret,
    authorization: { url: authorize, params: { scope: OAUTH_SCOPES.bitbucket } },
    token,
    userinfo: {
      url: `${api}/user`,
      async request({ tokens }) {
        const user = await getJson<BitbucketUser>(`${api}/user`, tokens.access_token);
        const emails = await getJson<{ values: { email: string; is_primary: boolean }[] }>(`${api}/user/emails`, tokens.access_token).catch(
          () => ({ values: [] }),
        );
        user.email = (emails.values.find((entry) => entry.is_primary) ?? emails.values[0])?.email;
        return user;
      },
    },
    profile(user): Profile {
      return {
        id: user.uuid,
        name: user.display_name ?? user.nickname ?? null,
        email: user.email ?? null,
        image: user.links?.avatar?.href ?? null,
      };
    },
  };
}

interface GiteaUser {
  id: number;
  login: string;
  full_name?: string | null;
  email?: string | null;
  avatar_url?: string | null;
}

function gitea(config: ServerEnv, clientId: string, clientSecret: string): OAuthConfig<GiteaUser> {
  const { api, authorize, token } = providerEndpoints(config).gitea;
  return {
    id: "gitea",
    name: "Gitea",
    type: "oauth",
    clientId,
    clientSecret,
    checks: ["pkce", "state"],
    authorization: { url: authorize, params: { scope: oauthScope(config, "gitea") } },
    token,
    userinfo: `${api}/user`,
    profile(user): Profile {
      return { id: String(user.id), name: user.full_name || user.login, email: user.email ?? null, image: user.avatar_url ?? null };
    },
  };
}

export function oauthProviders(config: ServerEnv) {
  const enabled = [];
  if (config.GITHUB_CLIENT_ID && config.GITHUB_CLIENT_SECRET) enabled.push(github(config, config.GITHUB_CLIENT_ID, config.GITHUB_CLIENT_SECRET));
  if (config.GITLAB_CLIENT_ID && config.GITLAB_CLIENT_SECRET) enabled.push(gitlab(config, config.GITLAB_CLIENT_ID, config.GITLAB_CLIENT_SECRET));
  if (config.BITBUCKET_CLIENT_ID && config.BITBUCKET_CLIENT_SECRET) {
    enabled.push(bitbucket(config, config.BITBUCKET_CLIENT_ID, config.BITBUCKET_CLIENT_SECRET));
  }
  if (config.GITEA_CLIENT_ID && config.GITEA_CLIENT_SECRET) enabled.push(gitea(config, config.GITEA_CLIENT_ID, config.GITEA_CLIENT_SECRET));
  return enabled;
}
