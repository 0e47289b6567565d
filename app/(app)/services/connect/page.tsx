import type { Metadata } from "next";
import { ConnectWizard } from "@/components/connect-wizard";
import { oauthProviders } from "@/lib/server/auth/providers";
import { getSessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { isOAuthProvider } from "@/lib/shared/providers/labels";

export const metadata: Metadata = { title: "Connect a repository" };

export default async function ConnectPage({ searchParams }: { searchParams: Promise<{ provider?: string }> }) {
  const user = await getSessionUser();
  if (!user) return null;
  const accounts = await db.account.findMany({ where: { userId: user.id }, select: { provider: true } });
  const linked = new Set(accounts.map((account) => account.provider));
  const providers = oauthProviders(env()).flatMap(({ id, name }) => (isOAuthProvider(id) ? [{ id, name, linked: linked.has(id) }] : []));
  const { provider } = await searchParams;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Connect a repository</h1>
        <p className="mt-1 text-sm text-slate-600">Berth creates the service and installs a signed webhook, so every push to the branch deploys.</p>
      </div>
      <ConnectWizard providers={providers} initialProvider={provider ?? null} />
    </div>
  );
}
