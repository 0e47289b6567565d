import type { OAuthProvider } from "@/lib/server/providers/types";

// How each provider is named to people, on the server and in the browser.
export const PROVIDER_LABELS: Record<OAuthProvider, string> = { github: "GitHub", gitlab: "GitLab", bitbucket: "Bitbucket", gitea: "Gitea" };

export const OAUTH_PROVIDERS = Object.keys(PROVIDER_LABELS) as OAuthProvider[];

export function isOAuthProvider(value: string): value is OAuthProvider {
  return value in PROVIDER_LABELS;
}

export function providerLabel(provider: string): string {
  return isOAuthProvider(provider) ? PROVIDER_LABELS[provider] : provider;
}
