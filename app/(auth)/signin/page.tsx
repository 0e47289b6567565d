import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/sign-in-form";
import { getSessionUser } from "@/lib/auth/session";
import { oauthProviders } from "@/lib/auth/providers";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const { callbackUrl, error } = await searchParams;
  const destination = safeCallbackUrl(callbackUrl);
  if (await getSessionUser()) redirect(destination);
  const providers = oauthProviders(env()).map((provider) => ({ id: provider.id, name: provider.name }));

  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm space-y-6">
        <div className="text-center">
          <div aria-hidden className="mx-auto h-10 w-10 rounded-lg bg-sky-600" />
          <h1 className="mt-4 text-2xl font-semibold tracking-tight">Sign in to Berth</h1>
        </div>
        <SignInForm providers={providers} callbackUrl={destination} oauthError={error} />
      </div>
    </main>
  );
}
