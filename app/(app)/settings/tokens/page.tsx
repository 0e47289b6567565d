import type { Metadata } from "next";
import Link from "next/link";
import { ApiTokens } from "@/components/api-tokens";

export const metadata: Metadata = { title: "API tokens" };

export default function ApiTokensPage() {
  return (
    <div className="space-y-6">
      <div>
        <Link href="/settings" className="text-sm text-sky-700 underline">
          Settings
        </Link>
        <h1 className="text-2xl font-semibold tracking-tight">API tokens</h1>
        <p className="mt-1 max-w-2xl text-sm text-slate-600">
          Scripts and CI use Berth&apos;s API with a personal token: it acts as you, within its scope, until it expires or you revoke it. Berth keeps only a
          hash of it.
        </p>
      </div>
      <ApiTokens />
    </div>
  );
}
