// How the build fetches a private repository: the service's own credential if it has one, otherwise the
// provider token of the user who connected the repository.
import type { GitCredential } from "@/lib/server/git/checkout";
import { accessToken } from "@/lib/server/providers/provider-client";
import { openGitAuth } from "@/lib/server/services/service-secrets";
import { env } from "@/lib/server/env";
import { providerEndpoints } from "@/lib/server/providers/endpoints";
import type { LoadedDeployment } from "./load-deployment";

// The user name each provider expects beside an OAuth token over HTTPS.
const TOKEN_USER = { github: "x-access-token", gitlab: "oauth2", bitbucket: "x-token-auth", gitea: "oauth2", git: "git" } as const;

export async function gitCredential(service: LoadedDeployment["service"]): Promise<GitCredential> {
  const own = openGitAuth(service.gitAuthEncrypted, service.id);
  if (own?.type === "token") return { type: "token", username: own.username ?? TOKEN_USER[service.provider], token: own.token };
  if (own?.type === "ssh_key") return { type: "ssh_key", privateKey: own.private_key };
  const connection = service.connection ?? service.previewOf?.connection;
  if (!connection?.userId || connection.provider === "git") return null;
  // A provider token goes only to the host that issued it, whatever the clone URL was edited to.
  if (!sameOrigin(service.cloneUrl, providerEndpoints(env())[connection.provider].web)) return null;
  return { type: "token", username: TOKEN_USER[connection.provider], token: await accessToken(connection.userId, connection.provider) };
}

export function sameOrigin(cloneUrl: string, providerBaseUrl: string): boolean {
  try {
    const origin = new URL(cloneUrl).origin;
    return origin !== "null" && origin === new URL(providerBaseUrl).origin;
  } catch {
    return false;
  }
}
