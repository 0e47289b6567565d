// A user's ways to sign in and the provider accounts Berth acts with: for the settings page and the
// connect wizard.
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { isOAuthProvider, type OAuthProvider } from "@/lib/shared/providers/labels";
import { oauthProviders } from "./providers";

// The providers this instance has an OAuth app for, each marked linked when the user has an account there.
async function configuredProviders(userId: string) {
  const accounts = await db.account.findMany({ where: { userId }, select: { provider: true, scope: true, createdAt: true } });
  const linked = new Set(accounts.map((account) => account.provider));
  const providers = oauthProviders(env()).flatMap(({ id, name }) => (isOAuthProvider(id) ? [{ id, name, linked: linked.has(id) }] : []));
  return { accounts, providers };
}

export async function signInMethods(userId: string) {
  const [{ accounts, providers }, withPassword] = await Promise.all([
    configuredProviders(userId),
    db.user.count({ where: { id: userId, passwordHash: { not: null } } }),
  ]);
  return { accounts, hasPassword: withPassword > 0, linkable: providers.filter((provider) => !provider.linked) };
}

export async function connectableProviders(userId: string): Promise<{ id: OAuthProvider; name: string; linked: boolean }[]> {
  return (await configuredProviders(userId)).providers;
}
