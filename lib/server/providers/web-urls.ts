// Each provider's web address as configured (GITHUB_URL, …): where its OAuth pages, repositories and
// clone URLs live.
import type { ServerEnv } from "@/lib/server/env";
import type { OAuthProvider } from "./types";

export function providerWebUrls(config: Pick<ServerEnv, "GITHUB_URL" | "GITLAB_URL" | "BITBUCKET_URL" | "GITEA_URL">): Record<OAuthProvider, string> {
  return { github: config.GITHUB_URL, gitlab: config.GITLAB_URL, bitbucket: config.BITBUCKET_URL, gitea: config.GITEA_URL };
}
