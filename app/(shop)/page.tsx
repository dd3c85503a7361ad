import Link from "next/link";
import styles from "@/components/catalogue/catalogue.module.css";
import { ProductGrid } from "@/components/catalogue/product-card";
import { ProductImage } from "@/components/catalogue/product-image";
import { ButtonLink } from "@/components/ui/button";
import { listCatalogue, listScarceProducts } from "@/lib/catalogue/queries";
import { db, readMayLag } from "@/lib/db/client";
import { routes } from "@/lib/routes";

// Stock changes with every sale: render on each request.
export const dynamic = "force-dynamic";

export default async function HomePage() {
  // Which products show may lag on a replica; their offers and stock are the primary's.
  const [scarce, newest] = await Promise.all([
    readMayLag((replica) => listScarceProducts(replica, { maxAvailable: 3, limit: 4 }, db())),
    readMayLag((replica) => listCatalogue(replica, { sort: "newest", limit: 12 }, db())),
  ]);
  const shownAsScarce = new Set(scarce.map((product) => product.id));
  const latest = newest.filter((product) => !shownAsScarce.has(product.id)).slice(0, 8);
  const heroPictures = latest.filter((product) => product.imageUrl).slice(0, 4);

  return (
    <>
      {/* On a phone the hero is a short band (styles.hero), so the first products show above the fold. */}
      <section className={`hero ${styles.hero}`} aria-labelledby="hero-title">
        <div>
          <p className="eyebrow">Small batches · independent shops</p>
          <h1 id="hero-title">Scarce things, fairly sold.</h1>
          <p>
            Limited runs from independent shops.{" "}
            <span className={styles.heroLong}>
              What you put in your cart is held for you, nobody else can buy the last one from under you, and we never sell what a shop does
              not have.
            </span>
          </p>
          <div className="hero__actions">
            <ButtonLink href={routes.catalogue} size="large">
              Browse the catalogue
            </ButtonLink>
            <ButtonLink href={routes.dashboard} variant="secondary" size="large">
              Sell with us
            </ButtonLink>
          </div>
        </div>
        <div className="hero__art" aria-hidden="true">
          {heroPictures.map((product) => (
            <ProductImage key={product.id} src={product.imageUrl} alt="" eager sizes="220px" />
          ))}
        </div>
      </section>

      {scarce.length > 0 ? (
        <section className="section" aria-labelledby="scarce-title">
          <div className={`section-heading ${styles.sectionHeading}`}>
            <h2 id="scarce-title">Almost gone</h2>
            <span className="muted">A few units left across all shops</span>
          </div>
          <ProductGrid products={scarce} />
        </section>
      ) : null}

      <section className="section" aria-labelledby="latest-title">
        <div className={`section-heading ${styles.sectionHeading}`}>
          <h2 id="latest-title">Just in</h2>
          <Link href={routes.catalogue}>See the whole catalogue →</Link>
        </div>
        {latest.length > 0 ? (
          <ProductGrid products={latest} eagerCount={0} />
        ) : (
          <div className="empty-state">
            <h3>Nothing on the shelves yet</h3>
            <p>Shops are stocking up. Open your own shop and list the first product.</p>
          </div>
        )}
      </section>

      <section className="section" aria-labelledby="promises-title">
        <h2 id="promises-title">How buying works here</h2>
        <ul className="promises">
          <li>
            <h3>Your cart holds it</h3>
            <p>
              Adding an item reserves it for an hour. If the hold runs out we try again when you order, and tell you plainly if it is gone.
            </p>
          </li>
          <li>
            <h3>One product, every shop</h3>
            <p>When several shops sell the same thing you see it once, with each shop’s price and stock side by side.</p>
          </li>
          <li>
            <h3>Never oversold</h3>
            <p>Every unit is counted in a ledger. When it says “Only 1 left”, exactly one person gets it.</p>
          </li>
        </ul>
      </section>
    </>
  );
}
