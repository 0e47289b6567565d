"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { useHydrated } from "@/lib/client/hooks/use-hydrated";
import { Field, TextInput } from "@/components/ui/field";

const SIGN_IN_ERRORS: Record<string, string> = {
  CredentialsSignin: "Wrong email or password.",
  TooManyAttempts: "Too many sign-in attempts. Wait a few minutes, then try again.",
};

const OAUTH_ERRORS: Record<string, string> = {
  OAuthAccountNotLinked: "That email already belongs to another account. Sign in the way you did before.",
  AccessDenied: "Access was denied.",
  Callback: "The provider sign-in did not complete. Try again.",
  OAuthCallback: "The provider sign-in did not complete. Try again.",
};

type Props = {
  providers: { id: string; name: string }[];
  callbackUrl: string;
  oauthError?: string;
  // The sign-in policy's reason for turning a provider account away, already in words.
  refused?: string;
};

export function SignInForm({ providers, callbackUrl, oauthError, refused }: Props) {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [pending, setPending] = useState(false);
  const hydrated = useHydrated();
  const [error, setError] = useState(refused ?? (oauthError && oauthError !== "CredentialsSignin" ? (OAUTH_ERRORS[oauthError] ?? "Sign-in failed. Try again.") : undefined));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setPending(true);
    setError(undefined);
    const result = await signIn("local", { email, password, redirect: false, callbackUrl }).catch(() => null);
    setPending(false);
    if (!result || result.error) {
      setError(SIGN_IN_ERRORS[result?.error ?? ""] ?? "Sign-in failed. Try again.");
      return;
    }
    router.push(callbackUrl);
    router.refresh();
  }

  return (
    <div className="space-y-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      {error ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      ) : null}
      <form method="post" onSubmit={(event) => void submit(event)} className="space-y-4">
        <Field id="email" label="Email">
          <TextInput id="email" name="email" type="email" autoComplete="username" required value={email} onChange={(event) => setEmail(event.target.value)} />
        </Field>
        <Field id="password" label="Password">
          <TextInput
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </Field>
        <Button type="submit" className="w-full" disabled={!hydrated || pending}>
          {pending ? "Signing in…" : "Sign in"}
        </Button>
      </form>
      {providers.length > 0 ? (
        <div className="space-y-2 border-t border-slate-200 pt-4">
          {providers.map((provider) => (
            <Button key={provider.id} variant="secondary" className="w-full" onClick={() => void signIn(provider.id, { callbackUrl })}>
              Continue with {provider.name}
            </Button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
