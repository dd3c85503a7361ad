import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { CardFrame } from "@/components/card-frame";
import { routes } from "@/lib/routes";

export const metadata: Metadata = { title: "Page not found" };

// Outside the shop layout (any unknown URL lands here), so it brings its own small frame.
export default async function NotFound() {
  // Rendered per request like every other page, so its scripts carry the CSP nonce (proxy.ts).
  await connection();
  return (
    <CardFrame cardClassName="text-center">
      <p className="eyebrow">404</p>
      <h1>Page not found</h1>
      <p className="muted">The page you asked for does not exist, or it has moved.</p>
      <div className="actions actions--center">
        <Link href={routes.catalogue} className="button button--primary">
          Browse the catalogue
        </Link>
        <Link href={routes.home} className="button button--secondary">
          Home
        </Link>
      </div>
    </CardFrame>
  );
}
