// Where each provider lives, as configured (GITHUB_URL, GITHUB_API_URL, …): its web address (OAuth pages,
// repositories, clone URLs), its REST API and its OAuth endpoints. The one place these URLs are built.
import type { ServerEnv } from "@/lib/server/env";
import type { OAuthProvider } from "@/lib/shared/providers/labels";

export interface ProviderEndpoints {
  web: string;
  api: string;
  authorize: string;
  token: string;
}

type EndpointConfig = Pick<ServerEnv, "GITHUB_URL" | "GITHUB_API_URL" | "GITLAB_URL" | "BITBUCKET_URL" | "BITBUCKET_API_URL" | "GITEA_URL">;

const trim = (url: string) => url.replace(/\/+$/, "");

export function providerEndpoints(config: EndpointConfig): Record<OAuthProvider, ProviderEndpoints> {
  const github = trim(config.GITHUB_URL);
  const gitlab = trim(config.GITLAB_URL);
  const bitbucket = trim(config.BITBUCKET_URL);
  const gitea = trim(config.GITEA_URL);
  return {
    github: { web: github, api: trim(config.GITHUB_API_URL), authorize: `${github}/login/oauth/authorize`, token: `${github}/login/oauth/access_token` },
    gitlab: { web: gitlab, api: `${gitlab}/api/v4`, authorize: `${gitlab}/oauth/authorize`, token: `${gitlab}/oauth/token` },
    bitbucket: {
      web: bitbucket,
      api: `${trim(config.BITBUCKET_API_URL)}/2.0`,
      authorize: `${bitbucket}/site/oauth2/authorize`,
      token: `${bitbucket}/site/oauth2/access_token`,
    },
    gitea: { web: gitea, api: `${gitea}/api/v1`, authorize: `${gitea}/login/oauth/authorize`, token: `${gitea}/login/oauth/access_token` },
  };
}
