import Link from "next/link";
import type { ReactNode } from "react";
import { env } from "@/lib/env";
import { routes } from "@/lib/routes";

/** The shop's name over one centred card: the frame of sign-in, sign-up and the 404 page. */
export function CardFrame({ children, cardClassName, footer }: { children: ReactNode; cardClassName?: string; footer?: ReactNode }) {
  return (
    <main id="main" className="auth-layout">
      <div className="auth-layout__inner">
        <Link href={routes.home} className="site-brand auth-layout__brand">
          {env().SHOP_NAME}
        </Link>
        <div className={cardClassName ? `auth-card ${cardClassName}` : "auth-card"}>{children}</div>
        {footer ? <p className="auth-layout__footer">{footer}</p> : null}
      </div>
    </main>
  );
}
