import Link from "next/link";
import type { ReactNode } from "react";
import { env } from "@/lib/env";
import { routes } from "@/lib/routes";

// Sign-in and sign-up: one centred card, no distractions, a way back to the shop.
export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main id="main" className="auth-layout">
      <div className="auth-layout__inner">
        <Link href={routes.home} className="site-brand auth-layout__brand">
          {env().SHOP_NAME}
        </Link>
        <div className="auth-card">{children}</div>
        <p className="auth-layout__footer">
          <Link href={routes.catalogue}>← Back to the catalogue</Link>
        </p>
      </div>
    </main>
  );
}
