import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { secretBox } from "@/lib/crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { createAuthAdapter, storeFreshTokens } from "./adapter";
import { authenticateLocalUser } from "./local-users";
import { oauthProviders } from "./providers";

const credentialsSchema = z.object({ email: z.string().min(1), password: z.string().min(1) });

let options: NextAuthOptions | undefined;

export function authOptions(): NextAuthOptions {
  options ??= build();
  return options;
}

function build(): NextAuthOptions {
  const config = env();
  const box = secretBox();
  return {
    secret: config.NEXTAUTH_SECRET,
    adapter: createAuthAdapter(db, box),
    // Password sign-in only works with JWT sessions in next-auth; one strategy for every provider.
    session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
    pages: { signIn: "/signin" },
    providers: [
      CredentialsProvider({
        id: "local",
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials) {
          const parsed = credentialsSchema.safeParse(credentials);
          if (!parsed.success) return null;
          const user = await authenticateLocalUser(db, parsed.data.email, parsed.data.password);
          return user ? { id: user.id, email: user.email, name: user.name, image: user.image } : null;
        },
      }),
      ...oauthProviders(config),
    ],
    callbacks: {
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
      async signIn({ account }) {
        if (account?.type === "oauth") await storeFreshTokens(db, box, account);
      },
    },
  };
}
