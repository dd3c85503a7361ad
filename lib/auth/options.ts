import "server-only";
import type { NextAuthOptions } from "next-auth";
import type { JWT } from "next-auth/jwt";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { attemptSignIn } from "@/lib/accounts/sign-in";
import { tooManyAttempts } from "@/lib/actions/messages";
import { clientIp } from "@/lib/auth/client-ip";
import { safeRedirectPath } from "@/lib/auth/safe-redirect";
import { currentSessionEpoch, revokeSessions, tokenEpoch } from "@/lib/auth/session-epoch";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { routes } from "@/lib/routes";

const credentials = z.object({ email: z.string().min(1), password: z.string().min(1) });

/** What a session is to us: the user's id and the epoch its token was issued in (session-epoch.ts). */
export interface SessionClaims {
  userId?: string;
  epoch: number;
}

/** A decoded session token's claims: the session callback's answer, and readSession's (session-cookie.ts). */
export const sessionClaims = (token: JWT): SessionClaims => ({ userId: token.sub, epoch: tokenEpoch(token.epoch) });

// Sessions are JWTs holding only the user id: instances stay stateless, and the role is
// read fresh from the database on every request (an owner who opens a shop sees it at once).
export const authOptions: NextAuthOptions = {
  secret: env().NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: routes.signIn },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { type: "email" }, password: { type: "password" } },
      // null -> error "CredentialsSignin" (wrong email or password); a thrown Error's message
      // reaches signIn()'s `error` on the form, which is how the rate limit speaks.
      async authorize(raw, request) {
        const parsed = credentials.safeParse(raw);
        if (!parsed.success) return null;
        const result = await attemptSignIn(db(), { ...parsed.data, ip: clientIp(request.headers ?? {}) });
        if (result.ok) return { id: result.userId, epoch: await currentSessionEpoch(db(), result.userId) };
        if (result.reason === "rate-limited") throw new Error(tooManyAttempts("sign-in", result.retryAfterSeconds));
        return null;
      },
    }),
  ],
  callbacks: {
    // next-auth's own redirects (sign-out's callbackUrl) go through the same check as ours.
    redirect({ url, baseUrl }) {
      return new URL(safeRedirectPath(url, { origin: baseUrl }), baseUrl).toString();
    },
    jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.epoch = tokenEpoch((user as { epoch?: unknown }).epoch);
      }
      return token;
    },
    session({ session, token }) {
      return { ...session, ...sessionClaims(token) };
    },
  },
  events: {
    // Signing out ends every token issued before, copies included (see session-epoch.ts).
    async signOut({ token }) {
      if (token?.sub) await revokeSessions(db(), token.sub, tokenEpoch(token.epoch));
    },
  },
};
