import Link from "next/link";
import { routes } from "@/lib/routes";

export default function ProductNotFound() {
  return (
    <div className="empty-state">
      <h1>We couldn’t find that product</h1>
      <p>It may have been renamed, or the link is mistyped. The catalogue has everything on offer.</p>
      <Link href={routes.catalogue} className="button button--primary">
        Browse the catalogue
      </Link>
    </div>
  );
}
