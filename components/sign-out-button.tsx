"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";
import { routes } from "@/lib/routes";

export function SignOutButton() {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      className="button button--secondary button--small"
      aria-busy={pending || undefined}
      disabled={pending}
      onClick={() => {
        setPending(true);
        void signOut({ callbackUrl: routes.home });
      }}
    >
      {pending ? "Signing out…" : "Sign out"}
    </button>
  );
}
