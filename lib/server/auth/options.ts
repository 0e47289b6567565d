import type { NextAuthOptions } from "next-auth";
import type { NextRequest } from "next/server";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { secretBox } from "@/lib/server/crypto";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { addressFromHeader, CLIENT_ADDRESS_HEADER } from "@/lib/server/net/client-address";
import { createAuthAdapter, storeFreshTokens } from "./adapter";
import { admitProviderAccount, applyRole, isPasswordAccount, listedAsAdminByEmail, refusalUrl } from "./admit-sign-in";
import { safeRedirect } from "./callback-url";
import { sessionCookie, sessionToken } from "./cookies";
import { authenticateLocalUser } from "./local-users";
import type { OAuthProvider } from "@/lib/shared/providers/labels";
import { oauthProviders } from "./providers";
import { recordSignInFailure, recordSignInSuccess } from "./sign-in-limits";

const credentialsSchema = z.object({ email: z.string().min(1), password: z.string().min(1) });

const built: { plain?: NextAuthOptions; linking?: NextAuthOptions } = {};

// For reading sessions (getServerSession).
export function authOptions(): NextAuthOptions {
  built.plain ??= build(false);
  return built.plain;
}

// For next-auth's own endpoints: a request from a signed-in user is linking a provider account to them.
export async function authOptionsFor(request: NextRequest): Promise<NextAuthOptions> {
  const token = await sessionToken(request, env());
  if (!token?.sub) return authOptions();
  built.linking ??= build(true);
  return built.linking;
}

function build(linking: boolean): NextAuthOptions {
  const config = env();
  const box = secretBox();
  const cookie = sessionCookie(config);
  // Between one sign-in's signIn callback and its signIn event: whether BERTH_ADMINS lists the account.
  const listedAsAdmin = new Map<string, boolean>();
  const accountKey = (account: { provider: string; providerAccountId: string }) => `${account.provider}:${account.providerAccountId}`;
  return {
    secret: config.NEXTAUTH_SECRET,
    useSecureCookies: cookie.secure,
    cookies: { sessionToken: { name: cookie.name, options: cookie.options } },
    adapter: createAuthAdapter(db, box),
    // Password sign-in only works with JWT sessions in next-auth; one strategy for every provider.
    session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
    pages: { signIn: "/signin" },
    providers: [
      CredentialsProvider({
        id: "local",
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, request) {
          const parsed = credentialsSchema.safeParse(credentials);
          if (!parsed.success) return null;
          const user = await authenticateLocalUser(db, parsed.data.email, parsed.data.password);
          if (!user) {
            await recordSignInFailure(addressFromHeader(headerOf(request, CLIENT_ADDRESS_HEADER)), parsed.data.email);
            return null;
          }
          await recordSignInSuccess(parsed.data.email);
          return { id: user.id, email: user.email, name: user.name, image: user.image };
        },
      }),
      ...oauthProviders(config),
    ],
    callbacks: {
      // The sign-in policy: a provider account gets in only if BERTH_ALLOWED_USERS, BERTH_ALLOWED_ORGS or
      // BERTH_ADMINS say so; a refusal goes back to the sign-in page, which says why. Linking an account
      // to the signed-in user, or signing in with one linked to a password account the operator made,
      // lets nobody new in.
      async signIn({ user, account, profile }) {
        if (account?.type !== "oauth") return true;
        if (linking || (await isPasswordAccount(user.id))) return true;
        const provider = account.provider as OAuthProvider;
        const outcome = await admitProviderAccount(provider, account.access_token ?? "", profile);
        if ("why" in outcome) return refusalUrl(provider, outcome);
        listedAsAdmin.set(accountKey(account), outcome.admin);
        return true;
      },
      redirect({ url, baseUrl }) {
        return safeRedirect(url, baseUrl);
      },
      jwt({ token, user }) {
        if (user) token.sub = user.id;
        return token;
      },
      session({ session, token }) {
        if (session.user && token.sub) session.user.id = token.sub;
        return session;
      },
    },
    events: {
      async signIn({ user, account }) {
        if (account?.type === "oauth") {
          await storeFreshTokens(db, box, account);
          const admin = listedAsAdmin.get(accountKey(account));
          if (admin !== undefined) await applyRole(user.id, admin);
          listedAsAdmin.delete(accountKey(account));
        } else if (listedAsAdminByEmail(user.email)) {
          await applyRole(user.id, true);
        }
      },
    },
  };
}

// next-auth hands authorize() the request's headers as a plain object.
function headerOf(request: { headers?: unknown } | undefined, name: string): string | undefined {
  const value = (request?.headers as Record<string, unknown> | undefined)?.[name];
  return typeof value === "string" ? value : undefined;
}
