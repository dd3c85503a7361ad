import type { Metadata } from "next";
import { connection } from "next/server";
import { PageNotFound } from "@/components/page-not-found";
import { SiteFooter } from "@/components/site-footer";
import { SiteHeader } from "@/components/site-header";

export const metadata: Metadata = { title: "Page not found" };

// Outside the route groups' layouts (any unknown URL, and a notFound() from any page, lands
// here), so it brings the shop's own frame: header with search, the page, the footer.
export default async function NotFound() {
  // Rendered per request like every other page, so its scripts carry the CSP nonce (proxy.ts).
  await connection();
  return (
    <>
      <SiteHeader />
      <main id="main" className="container page">
        <PageNotFound title="Page not found">The page you asked for does not exist, or it has moved. Try a search instead.</PageNotFound>
      </main>
      <SiteFooter />
    </>
  );
}
