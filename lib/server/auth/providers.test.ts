import { describe, expect, it } from "vitest";
import type { ServerEnv } from "@/lib/server/env";
import { OAUTH_SCOPES, oauthProviders } from "./providers";

const base = {
  GITHUB_URL: "https://github.com",
  GITHUB_API_URL: "https://api.github.com",
  GITLAB_URL: "https://gitlab.com",
  BITBUCKET_URL: "https://bitbucket.org",
  BITBUCKET_API_URL: "https://api.bitbucket.org",
  GITEA_URL: "https://gitea.com",
  BERTH_ALLOWED_ORGS: [],
} as unknown as ServerEnv;

type Endpoint = string | { url?: string; params?: Record<string, unknown> } | undefined;
const urlOf = (endpoint: Endpoint) => (typeof endpoint === "string" ? endpoint : endpoint?.url);

// next-auth merges a provider's `options` over its defaults; this is what it will call.
function resolved(provider: ReturnType<typeof oauthProviders>[number]) {
  const options = (provider as { options?: Record<string, unknown> }).options ?? {};
  return { ...provider, ...options } as unknown as { id: string; authorization: Endpoint; token: Endpoint; userinfo: Endpoint };
}

describe("oauthProviders", () => {
  it("enables none without client credentials, and needs both id and secret", () => {
    expect(oauthProviders(base)).toEqual([]);
    expect(oauthProviders({ ...base, GITHUB_CLIENT_ID: "id" })).toEqual([]);
    expect(oauthProviders({ ...base, GITLAB_CLIENT_SECRET: "secret" })).toEqual([]);
  });

  it("enables each provider whose id and secret are set", () => {
    const providers = oauthProviders({
      ...base,
      GITHUB_CLIENT_ID: "a",
      GITHUB_CLIENT_SECRET: "b",
      GITLAB_CLIENT_ID: "c",
      GITLAB_CLIENT_SECRET: "d",
      BITBUCKET_CLIENT_ID: "e",
      BITBUCKET_CLIENT_SECRET: "f",
      GITEA_CLIENT_ID: "g",
      GITEA_CLIENT_SECRET: "h",
    });
    expect(providers.map((provider) => provider.id)).toEqual(["github", "gitlab", "bitbucket", "gitea"]);
  });

  it("points GitHub at an Enterprise server and asks for the hook scopes", () => {
    const [github] = oauthProviders({
      ...base,
      GITHUB_CLIENT_ID: "a",
      GITHUB_CLIENT_SECRET: "b",
      GITHUB_URL: "https://ghe.example.com/",
      GITHUB_API_URL: "https://ghe.example.com/api/v3",
    });
    const provider = resolved(github!);
    expect(urlOf(provider.authorization)).toBe("https://ghe.example.com/login/oauth/authorize");
    expect(urlOf(provider.token)).toBe("https://ghe.example.com/login/oauth/access_token");
    expect(urlOf(provider.userinfo)).toBe("https://ghe.example.com/api/v3/user");
    expect(typeof provider.authorization === "object" && provider.authorization.params?.scope).toBe(OAUTH_SCOPES.github);
  });

  it("points GitLab at a self-managed instance", () => {
    const [gitlab] = oauthProviders({ ...base, GITLAB_CLIENT_ID: "c", GITLAB_CLIENT_SECRET: "d", GITLAB_URL: "https://git.example.com" });
    const provider = resolved(gitlab!);
    expect(urlOf(provider.authorization)).toBe("https://git.example.com/oauth/authorize");
    expect(urlOf(provider.token)).toBe("https://git.example.com/oauth/token");
    expect(urlOf(provider.userinfo)).toBe("https://git.example.com/api/v4/user");
    expect(typeof provider.authorization === "object" && provider.authorization.params?.scope).toBe("read_user api");
  });

  it("asks Bitbucket for repository, webhook and pull-request scopes", () => {
    const [bitbucket] = oauthProviders({ ...base, BITBUCKET_CLIENT_ID: "e", BITBUCKET_CLIENT_SECRET: "f" });
    const provider = resolved(bitbucket!);
    expect(urlOf(provider.authorization)).toBe("https://bitbucket.org/site/oauth2/authorize");
    expect(urlOf(provider.userinfo)).toBe("https://api.bitbucket.org/2.0/user");
    expect(typeof provider.authorization === "object" && provider.authorization.params?.scope).toBe("account email repository webhook pullrequest");
  });

  it("asks for organization scopes only when the sign-in policy names organizations there", () => {
    const withOrgs = { ...base, GITHUB_CLIENT_ID: "id", GITHUB_CLIENT_SECRET: "s", GITEA_CLIENT_ID: "id", GITEA_CLIENT_SECRET: "s" };
    const scopes = (config: ServerEnv) => oauthProviders(config).map((provider) => (resolved(provider).authorization as { params?: { scope?: string } }).params?.scope);
    expect(scopes(withOrgs)).toEqual([OAUTH_SCOPES.github, OAUTH_SCOPES.gitea]);
    expect(scopes({ ...withOrgs, BERTH_ALLOWED_ORGS: [{ provider: "github", name: "acme" }] })).toEqual([`${OAUTH_SCOPES.github} read:org`, OAUTH_SCOPES.gitea]);
    expect(scopes({ ...withOrgs, BERTH_ALLOWED_ORGS: [{ provider: "gitea", name: "acme" }] })).toEqual([OAUTH_SCOPES.github, `${OAUTH_SCOPES.gitea} read:organization`]);
  });
});
