// A provider API client acting as a Berth user, with the OAuth token stored at sign-in (refreshed first
// when the provider issues expiring tokens).
import { z } from "zod";
import { sealedFields, secretBox } from "@/lib/server/crypto";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { bitbucketClient } from "./bitbucket";
import { githubClient } from "./github";
import { giteaClient } from "./gitea";
import { gitlabClient } from "./gitlab";
import { PROVIDER_LABELS as NAMES, type OAuthProvider } from "@/lib/shared/providers/labels";
import { providerEndpoints } from "./endpoints";
import { ProviderError, type ProviderClient } from "./types";

const tokenResponseSchema = z.object({
  access_token: z.string(),
  refresh_token: z.string().optional(),
  expires_in: z.number().optional(),
  scope: z.string().optional(),
});

export async function providerClientFor(userId: string, provider: OAuthProvider): Promise<ProviderClient> {
  const token = await accessToken(userId, provider);
  const clients = { github: githubClient, gitlab: gitlabClient, bitbucket: bitbucketClient, gitea: giteaClient };
  return clients[provider]({ apiUrl: providerEndpoints(env())[provider].api, token });
}

// Whose provider account acts for a connection (its hook, its runners): the user who connected it, else its
// owner.
export function hookManager(connection: { userId: string | null; ownerId: string }): string {
  return connection.userId ?? connection.ownerId;
}

// The user's token for this provider (refreshed if it is about to expire): for API calls and git fetches.
export async function accessToken(userId: string, provider: OAuthProvider): Promise<string> {
  const account = await db.account.findFirst({
    where: { userId, provider },
    omit: { access_token: false, refresh_token: false },
  });
  if (!account?.access_token) {
    throw new ProviderError("unauthorized", `No ${NAMES[provider]} account is linked: sign in with ${NAMES[provider]} first`);
  }
  const box = secretBox();
  const expiresSoon = account.expires_at !== null && account.expires_at * 1000 < Date.now() + 60_000;
  if (!expiresSoon || !account.refresh_token) return box.decrypt(account.access_token, sealedFields.account("access_token", account.id));

  const refreshed = await refresh(provider, box.decrypt(account.refresh_token, sealedFields.account("refresh_token", account.id)));
  await db.account.update({
    where: { id: account.id },
    data: {
      access_token: box.encrypt(refreshed.access_token, sealedFields.account("access_token", account.id)),
      refresh_token: refreshed.refresh_token ? box.encrypt(refreshed.refresh_token, sealedFields.account("refresh_token", account.id)) : undefined,
      expires_at: refreshed.expires_in ? Math.floor(Date.now() / 1000) + refreshed.expires_in : null,
      scope: refreshed.scope ?? undefined,
    },
  });
  return refreshed.access_token;
}

async function refresh(provider: OAuthProvider, refreshToken: string) {
  const config = env();
  const client = {
    github: { id: config.GITHUB_CLIENT_ID, secret: config.GITHUB_CLIENT_SECRET },
    gitlab: { id: config.GITLAB_CLIENT_ID, secret: config.GITLAB_CLIENT_SECRET },
    bitbucket: { id: config.BITBUCKET_CLIENT_ID, secret: config.BITBUCKET_CLIENT_SECRET },
    gitea: { id: config.GITEA_CLIENT_ID, secret: config.GITEA_CLIENT_SECRET },
  }[provider];
  const response = await fetch(providerEndpoints(config)[provider].token, {
    method: "POST",
    headers: { Accept: "application/json", "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken, client_id: client.id ?? "", client_secret: client.secret ?? "" }),
    signal: AbortSignal.timeout(10_000),
  }).catch((error: unknown) => {
    throw new ProviderError("unavailable", `${NAMES[provider]} did not answer the token refresh: ${error instanceof Error ? error.message : String(error)}`);
  });
  const parsed = tokenResponseSchema.safeParse(await response.json().catch(() => null));
  if (!response.ok || !parsed.success) {
    throw new ProviderError("unauthorized", `${NAMES[provider]} would not refresh the stored token: sign in with ${NAMES[provider]} again`, response.status);
  }
  return parsed.data;
}
