import type { Metadata } from "next";
import { ConnectWizard } from "@/components/connect-wizard";
import { connectableProviders } from "@/lib/server/auth/linked-accounts";
import { getSessionUser } from "@/lib/server/auth/session";

export const metadata: Metadata = { title: "Connect a repository" };

export default async function ConnectPage({ searchParams }: { searchParams: Promise<{ provider?: string; mode?: string }> }) {
  const user = await getSessionUser();
  if (!user) return null;
  const providers = await connectableProviders(user.id);
  const { provider, mode } = await searchParams;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Connect a repository</h1>
        <p className="mt-1 text-sm text-slate-600">
          Berth installs a signed webhook: every push to the branch deploys a service, failed CI runs become incidents, or both.
        </p>
      </div>
      <ConnectWizard providers={providers} initialProvider={provider ?? null} initialMode={mode === "ci" || mode === "deploy" ? mode : "both"} />
    </div>
  );
}
