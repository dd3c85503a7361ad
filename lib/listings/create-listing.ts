// Listing a product (I8). One statement finds or creates the catalogue product by its
// identity (INSERT ... ON CONFLICT (identity_key) DO UPDATE ... RETURNING id), inserts the
// shop's listing (ON CONFLICT (shop_id, product_id) DO NOTHING), writes the initial stock
// to the ledger and stores the picture. Two shops listing one product at the same instant
// meet at the identity index and share one product row; one shop submitting twice meets
// at the listing index and gets "already listed", never a duplicate.
import { createHash, randomUUID } from "node:crypto";
import { z } from "zod";
import { productIdentityKey, slugify } from "@/lib/catalogue/identity";
import { Prisma, type Tx } from "@/lib/db/prisma";
import { col, sqlRows } from "@/lib/db/rows";
import type { Picture } from "@/lib/listings/pictures";
import type { CreateListingData } from "@/lib/listings/schemas";
import { routes } from "@/lib/routes";
import { ok, refuse, type Ok, type Refusal } from "@/lib/steps/result";

/** A parsed new-listing form (createListingSchema's output: the price already in cents). */
export interface NewListing extends CreateListingData {
  shopId: string;
  /** The owner doing it, recorded on the ledger row and the picture. */
  actorId: string;
  /** Checked bytes (see pictureSchema), or none. */
  picture?: Picture | null;
}

export type CreateListingResult =
  | Ok<{ listingId: string; productId: string; productSlug: string; newProduct: boolean }>
  /** The shop lists this product already: `listingId` is that listing. */
  | Refusal<"already-listed", { listingId: string }>;

/** The catalogue shows the variant beside the title, so the title leaves it out. */
export function productTitle(brand: string, model: string): string {
  return `${brand} ${model}`;
}

export async function createListing(tx: Tx, input: NewListing): Promise<CreateListingResult> {
  const { brand, model, variant, description, price, initialStock, shopId, actorId } = input;
  const identityKey = productIdentityKey(brand, model, variant);
  const slug = slugify(brand, model, variant).slice(0, 80).replace(/-+$/, "");
  // Two different identities can slugify alike ("A-B|c" and "A|B-c"): the later one gets a
  // suffix derived from its identity, so the same identity always asks for the same slug.
  // Slugs are at most 80 + 1 + 10 characters.
  const slugSuffix = createHash("sha256").update(identityKey).digest("hex").slice(0, 6);
  const picture = input.picture ?? null;
  const imageId = picture ? randomUUID() : null;
  const imageUrl = imageId ? routes.image(imageId) : null;

  // The product row in one statement, race-safe for slugs as well as identities. Its first
  // insert takes the plain slug and gives way on any conflict (DO NOTHING, no target: identity
  // or slug). Only when it gave way does the second try the identity's own suffix, and the
  // third a random one (in case someone named a product after that suffix); the third also
  // meets an existing identity (DO UPDATE, which returns the row even when it was committed
  // after this statement's snapshot, by a racing shop). A later insert refers to the earlier
  // one's output, which orders them; two identities racing for one slug can no longer fail
  // with a unique violation on products.slug.
  const rows = await sqlRows(
    tx,
    z.object({ product_id: col.text, product_slug: col.text, new_product: col.bool, listing_id: col.nullableText }),
    Prisma.sql`
    WITH plain AS (
      INSERT INTO products (id, slug, identity_key, brand, model, variant, title, description, image_url)
      VALUES (gen_random_uuid(), ${slug}, ${identityKey}, ${brand}, ${model}, ${variant}, ${productTitle(brand, model)}, ${description}, ${imageUrl})
      ON CONFLICT DO NOTHING
      RETURNING id, slug, true AS inserted
    ), suffixed AS (
      INSERT INTO products (id, slug, identity_key, brand, model, variant, title, description, image_url)
      SELECT gen_random_uuid(), ${slug} || '-' || ${slugSuffix}, ${identityKey}, ${brand}, ${model}, ${variant}, ${productTitle(brand, model)}, ${description}, ${imageUrl}
       WHERE NOT EXISTS (SELECT 1 FROM plain)
      ON CONFLICT DO NOTHING
      RETURNING id, slug, true AS inserted
    ), last_resort AS (
      INSERT INTO products (id, slug, identity_key, brand, model, variant, title, description, image_url)
      SELECT gen_random_uuid(), ${slug} || '-' || substr(md5(gen_random_uuid()::text), 1, 10), ${identityKey}, ${brand}, ${model}, ${variant}, ${productTitle(brand, model)}, ${description}, ${imageUrl}
       WHERE NOT EXISTS (SELECT 1 FROM plain) AND NOT EXISTS (SELECT 1 FROM suffixed)
      ON CONFLICT (identity_key) DO UPDATE SET identity_key = EXCLUDED.identity_key
      RETURNING id, slug, (xmax = 0) AS inserted
    ), product AS (
      SELECT * FROM plain UNION ALL SELECT * FROM suffixed UNION ALL SELECT * FROM last_resort
    ), listing AS (
      INSERT INTO listings (id, shop_id, product_id, price_cents, on_hand, image_url)
      SELECT gen_random_uuid(), ${shopId}::uuid, product.id, ${price}, ${initialStock}, ${imageUrl} FROM product
      ON CONFLICT (shop_id, product_id) DO NOTHING
      RETURNING id, on_hand
    ), ledger AS (
      INSERT INTO inventory_movements (listing_id, kind, on_hand_delta, reason, actor_id)
      SELECT id, 'RECEIVE', on_hand, 'initial stock', ${actorId}::uuid FROM listing WHERE on_hand > 0
    ), stored_picture AS (
      INSERT INTO images (id, content_type, bytes, uploader_id)
      SELECT ${imageId}::uuid, ${picture?.contentType ?? null}, ${picture?.bytes ?? null}::bytea, ${actorId}::uuid
        FROM listing WHERE ${imageId}::uuid IS NOT NULL
    )
    SELECT product.id::text AS product_id, product.slug AS product_slug, product.inserted AS new_product,
           (SELECT id::text FROM listing) AS listing_id
      FROM product`,
  );
  const row = rows[0];
  if (!row) throw new Error("create-listing statement returned no row");
  if (row.listing_id) {
    return ok({ listingId: row.listing_id, productId: row.product_id, productSlug: row.product_slug, newProduct: row.new_product });
  }

  // The shop lists this product already. A fresh statement (and so a fresh snapshot) sees
  // the listing even when a concurrent submit committed it a moment ago.
  const existing = await sqlRows(
    tx,
    z.object({ id: col.text }),
    Prisma.sql`
    SELECT id::text FROM listings WHERE shop_id = ${shopId}::uuid AND product_id = ${row.product_id}::uuid`,
  );
  const listingId = existing[0]?.id;
  if (!listingId) throw new Error("listing conflict without a listing");
  return refuse("already-listed", { listingId });
}
