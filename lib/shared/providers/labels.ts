// The Git providers a Berth user links an account at, and how each is named to people (server and browser).
export const OAUTH_PROVIDERS = ["github", "gitlab", "bitbucket", "gitea"] as const;

export type OAuthProvider = (typeof OAUTH_PROVIDERS)[number];

// How each is named to people.
export const PROVIDER_LABELS: Record<OAuthProvider, string> = { github: "GitHub", gitlab: "GitLab", bitbucket: "Bitbucket", gitea: "Gitea" };

export function isOAuthProvider(value: string): value is OAuthProvider {
  return value in PROVIDER_LABELS;
}

export function providerLabel(provider: string): string {
  return isOAuthProvider(provider) ? PROVIDER_LABELS[provider] : provider;
}
