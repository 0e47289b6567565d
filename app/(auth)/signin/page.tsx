import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/sign-in-form";
import { getSessionUser } from "@/lib/server/auth/session";
import { oauthProviders } from "@/lib/server/auth/providers";
import { safeCallbackUrl } from "@/lib/server/auth/callback-url";
import { env } from "@/lib/server/env";

export const metadata: Metadata = { title: "Sign in" };

type Query = { callbackUrl?: string; error?: string; provider?: string; login?: string };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Query> }) {
  const { callbackUrl, error, provider, login } = await searchParams;
  const destination = safeCallbackUrl(callbackUrl, env().NEXTAUTH_URL);
  if (await getSessionUser()) redirect(destination);
  const providers = oauthProviders(env()).map((provider) => ({ id: provider.id, name: provider.name }));

  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm space-y-6">
        <div className="text-center">
          <div aria-hidden className="mx-auto h-10 w-10 rounded-lg bg-sky-600" />
          <h1 className="mt-4 text-2xl font-semibold tracking-tight">Sign in to Berth</h1>
        </div>
        <SignInForm providers={providers} callbackUrl={destination} oauthError={error} refused={refusal(error, provider, login)} />
      </div>
    </main>
  );
}

const PROVIDER_NAMES: Record<string, string> = { github: "GitHub", gitlab: "GitLab", bitbucket: "Bitbucket", gitea: "Gitea" };

// Why the sign-in policy (lib/server/auth/admit-sign-in.ts) turned a provider account away, in words.
function refusal(error: string | undefined, provider: string | undefined, login: string | undefined): string | undefined {
  const name = PROVIDER_NAMES[provider ?? ""] ?? "your Git provider";
  const account = login ? `${name} account ${login}` : `That ${name} account`;
  switch (error) {
    case "SignInClosed":
      return `Signing in with ${name} is closed until this Berth's operator says who may: set BERTH_ALLOWED_USERS (for example ${provider ?? "github"}:your-login) or BERTH_ALLOWED_ORGS (for example ${provider ?? "github"}:your-organization). The local admin can still sign in with email and password.`;
    case "NotAllowed":
      return `${account} may not sign in to this Berth. Ask its operator to add it to BERTH_ALLOWED_USERS, or your organization to BERTH_ALLOWED_ORGS.`;
    case "ProviderCheckFailed":
      return `${name} could not confirm who you are or which organizations you belong to. Try again in a moment.`;
    default:
      return undefined;
  }
}
