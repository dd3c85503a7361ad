import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { parseAfterSignInDone } from "@/components/accounts/after-sign-in";
import { AfterSignInNotice } from "@/components/accounts/after-sign-in-notice";
import { LiveTotalAvailability } from "@/components/cart/live-availability";
import { ListingTable } from "@/components/catalogue/listing-table";
import { Price } from "@/components/catalogue/price";
import { ProductImage } from "@/components/catalogue/product-image";
import { SaleBanners } from "@/components/discounts/sale-banners";
import { DropPanel } from "@/components/drops/drop-panel";
import { getCurrentUser } from "@/lib/auth/session";
import { getProductBySlug } from "@/lib/catalogue/queries";
import { db, readMayLag } from "@/lib/db/client";
import { getDropPlace } from "@/lib/drops/place";
import { getListingDrops } from "@/lib/drops/queries";
import { getListingSales } from "@/lib/flash-sales/queries";
import { pluralize } from "@/lib/format";
import { routes } from "@/lib/routes";
import { getListingAvailability } from "@/lib/stock/listing-availability";

export const dynamic = "force-dynamic";

type Params = Promise<{ slug: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

// generateMetadata and the page ask for the same product: one query per request. Its words and
// picture may come from a replica; its offers and stock come from the primary; a product the
// replica does not have yet (just listed) is asked of the primary.
const loadProduct = cache((slug: string) =>
  readMayLag((replica) => getProductBySlug(replica, slug, db()), { orPrimaryIf: (product) => product === null }),
);

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const product = await loadProduct((await params).slug);
  if (!product) return { title: "Product not found" };
  const name = product.variant ? `${product.title} – ${product.variant}` : product.title;
  return {
    title: name,
    description: product.description || `${name} from ${pluralize(product.listings.length, "shop")}.`,
  };
}

export default async function ProductPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const product = await loadProduct((await params).slug);
  if (!product) notFound();
  // Back from signing in to add it or to join its waitlist: the sign-in page did it on the way
  // (components/accounts/after-sign-in.ts); the notice reads where things stand as the rows do.
  const done = parseAfterSignInDone(await searchParams);
  const doneListing = done ? product.listings.find((listing) => listing.id === done.listingId) : undefined;
  const viewer = await getCurrentUser();
  const doneAvailability = doneListing && viewer ? await getListingAvailability(db(), doneListing.id, viewer.id) : null;
  const shops = product.listings.length;
  const listingIds = product.listings.map((listing) => listing.id);
  const sales = await getListingSales(db(), listingIds);
  // Drops with a waiting line in front of a sale: the viewer's place in each, as the panel polls it.
  const drops = await Promise.all(
    (await getListingDrops(db(), listingIds)).map(async (drop) => ({
      drop,
      place: await getDropPlace(db(), drop.dropId, viewer?.id ?? null),
    })),
  );
  const dropPlaces = Object.fromEntries(drops.flatMap(({ drop, place }) => (drop.listingId && place ? [[drop.listingId, place]] : [])));

  return (
    <>
      <nav aria-label="Breadcrumb">
        <ol className="breadcrumbs">
          <li>
            <Link href={routes.catalogue}>Catalogue</Link>
          </li>
          <li>
            <Link href={routes.catalogueFor({ brand: product.brand })}>{product.brand}</Link>
          </li>
          <li aria-current="page">{product.title}</li>
        </ol>
      </nav>

      <div className="product-detail">
        <ProductImage
          src={product.imageUrl}
          alt={`${product.title}, ${product.variant}`}
          className="product-detail__image"
          sizes="(max-width: 860px) 100vw, 600px"
          eager
        />
        <div>
          <Link href={routes.catalogueFor({ brand: product.brand })} className="eyebrow">
            {product.brand}
          </Link>
          <h1>{product.title}</h1>
          <dl className="product-detail__facts">
            <dt>Brand</dt>
            <dd>{product.brand}</dd>
            <dt>Model</dt>
            <dd>{product.model}</dd>
            {product.variant ? (
              <>
                <dt>Variant</dt>
                <dd>{product.variant}</dd>
              </>
            ) : null}
          </dl>
          <div className="product-detail__summary">
            {product.fromPrice ? (
              <Price cents={product.fromPrice.cents} currency={product.fromPrice.currency} from={product.fromPrice.varies} />
            ) : null}
            {/* Live, from the same polled figures as the rows below: the two never disagree. */}
            <LiveTotalAvailability listings={product.listings.map((listing) => ({ id: listing.id, available: listing.available }))} />
          </div>
          {product.description ? <p>{product.description}</p> : null}
        </div>
      </div>

      {done && doneListing ? <AfterSignInNotice done={done.done} shopName={doneListing.shop.name} availability={doneAvailability} /> : null}

      <section className="section" aria-labelledby="offers-title">
        {drops.map(({ drop, place }) =>
          place ? (
            <DropPanel
              key={drop.dropId}
              initial={place}
              title={`Drop with a waiting line at ${product.listings.find((listing) => listing.id === drop.listingId)?.shop.name ?? "this shop"}`}
              signedIn={viewer !== null}
            />
          ) : null,
        )}
        <SaleBanners sales={sales} listings={product.listings} />
        <div className="section-heading">
          <h2 id="offers-title">Where to buy</h2>
          <span className="muted">{shops > 0 ? `Offered by ${pluralize(shops, "shop")}` : null}</span>
        </div>
        {shops > 0 ? (
          <ListingTable listings={product.listings} dropPlaces={dropPlaces} />
        ) : (
          <div className="empty-state">
            <h3>No shop offers this right now</h3>
            <p>Check back soon, or browse similar things from {product.brand}.</p>
            <Link href={routes.catalogueFor({ brand: product.brand })} className="button button--secondary">
              More from {product.brand}
            </Link>
          </div>
        )}
      </section>
    </>
  );
}
