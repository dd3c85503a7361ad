import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { signInWithPassword } from "../accounts/sign-in";
import { db } from "../db";
import { env } from "../env";
import { routes } from "../routes";

const credentials = z.object({ email: z.string().min(1), password: z.string().min(1) });

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
      async authorize(raw) {
        const parsed = credentials.safeParse(raw);
        if (!parsed.success) return null;
        const result = await signInWithPassword(db(), parsed.data.email, parsed.data.password);
        return result.ok ? { id: result.userId } : null;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) token.sub = user.id;
      return token;
    },
    session({ session, token }) {
      return { ...session, userId: token.sub };
    },
  },
};
