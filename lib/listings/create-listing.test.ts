import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { auditInvariants } from "@/lib/audit/audit";
import { productIdentityKey } from "@/lib/catalogue/identity";
import type { Db } from "@/lib/db/prisma";
import { createListing, type CreateListingResult } from "@/lib/listings/create-listing";
import { findPicture } from "@/lib/listings/picture-store";
import { checkPicture, type Picture } from "@/lib/listings/pictures";
import { createListingSchema, newListingFormSchema } from "@/lib/listings/schemas";
import { runStep } from "@/lib/steps/run-step";
import { createTestOwner } from "@/test/support/fixtures";
import { useTestDatabase, type TestDatabase } from "@/test/support/test-database";

let t: TestDatabase;
let shopA: Awaited<ReturnType<typeof createTestOwner>>;
let shopB: Awaited<ReturnType<typeof createTestOwner>>;

// The smallest valid PNG: a 1x1 transparent pixel.
const PIXEL_PNG = Uint8Array.from(
  Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64"),
);

beforeAll(async () => {
  t = await useTestDatabase();
  shopA = await createTestOwner(t.prisma, "Aurora Sounds");
  shopB = await createTestOwner(t.prisma, "Boreal Audio");
});

type Owner = typeof shopA;

// As the action does it: the form's fields parsed once (euros to cents), then the step in
// its own transaction.
function list(db: Db, owner: Owner, fields: z.input<typeof createListingSchema>, picture: Picture | null = null) {
  return runStep(db, createListing, { ...createListingSchema.parse(fields), shopId: owner.shopId, actorId: owner.userId, picture });
}

describe("one catalogue product per identity, however many shops list it at once (I8)", () => {
  it("2 shops x 25 concurrent create-listing calls: 1 product, 2 listings, ledger matching stock", async () => {
    const racers = t.newClient(10);
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => {
        const shop = i % 2 === 0 ? shopA : shopB;
        // Spelled differently by every caller: the identity is case- and space-insensitive.
        return list(racers, shop, {
          brand: i % 3 === 0 ? "Halcyon" : " halcyon ",
          model: i % 4 === 0 ? "Drift  Pro" : "drift pro",
          variant: i % 5 === 0 ? "Midnight Blue" : "midnight blue",
          price: i % 2 === 0 ? "199.00" : "189,50",
          initialStock: i % 2 === 0 ? 7 : 3,
        });
      }),
    );
    const ms = Math.round(performance.now() - started);
    const created = results.filter((r): r is Extract<CreateListingResult, { ok: true }> => r.ok);
    console.log(
      `[create-listing race] attempts=50 (2 shops x 25) listings created=${created.length} new products=${created.filter((r) => r.newProduct).length} time=${ms} ms`,
    );

    expect(created).toHaveLength(2);
    expect(created.filter((r) => r.newProduct)).toHaveLength(1);
    expect(new Set(created.map((r) => r.productId)).size).toBe(1);
    const refused = results.filter((r) => !r.ok);
    expect(refused).toHaveLength(48);
    for (const r of refused) expect(r).toMatchObject({ ok: false, reason: "already-listed" });
    // Each refusal points at its own shop's listing.
    const listingIds = new Set(created.map((r) => r.listingId));
    for (const r of refused) if (!r.ok && r.reason === "already-listed") expect(listingIds.has(r.listingId)).toBe(true);

    const products = await t.prisma.product.findMany({ where: { identityKey: "halcyon|drift pro|midnight blue" } });
    expect(products).toHaveLength(1);
    const listings = await t.prisma.listing.findMany({ where: { productId: products[0]!.id }, orderBy: { onHand: "desc" } });
    expect(listings.map((l) => [l.shopId, l.onHand, l.priceCents])).toEqual([
      [shopA.shopId, 7, 19900],
      [shopB.shopId, 3, 18950],
    ]);
    const ledger = await t.prisma.inventoryMovement.findMany({ where: { listingId: { in: listings.map((l) => l.id) } } });
    expect(ledger.map((m) => [m.kind, m.onHandDelta]).sort()).toEqual([
      ["RECEIVE", 3],
      ["RECEIVE", 7],
    ]);
    expect(await auditInvariants(t.prisma)).toMatchObject({ ok: true, violations: [] });
  });

  it("listing with no initial stock writes no ledger row; a different variant is another product", async () => {
    const result = await list(t.prisma, shopA, {
      brand: "Halcyon",
      model: "Drift Pro",
      variant: "Arctic White",
      price: "199",
      initialStock: 0,
    });
    expect(result).toMatchObject({ ok: true, newProduct: true });
    if (!result.ok) return;
    expect(await t.prisma.inventoryMovement.count({ where: { listingId: result.listingId } })).toBe(0);
    const product = await t.prisma.product.findUniqueOrThrow({ where: { id: result.productId } });
    expect(product).toMatchObject({ title: "Halcyon Drift Pro", variant: "Arctic White", slug: "halcyon-drift-pro-arctic-white" });
  });

  it("gives a colliding slug of another identity a suffix instead of failing", async () => {
    const first = await list(t.prisma, shopA, { brand: "Kite-Works", model: "Mini", price: "10", initialStock: 1 });
    const second = await list(t.prisma, shopA, { brand: "Kite", model: "Works Mini", price: "10", initialStock: 1 });
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    expect(first.productSlug).toBe("kite-works-mini");
    expect(second.productSlug).toMatch(/^kite-works-mini-[0-9a-f]{6}$/);
  });

  it("stores the picture with the listing and serves it back by id", async () => {
    const check = checkPicture(PIXEL_PNG);
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    const result = await list(t.prisma, shopB, { brand: "Pixel", model: "One", price: "5.00", initialStock: 2 }, check.picture);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const listing = await t.prisma.listing.findUniqueOrThrow({ where: { id: result.listingId }, include: { product: true } });
    const imageId = listing.imageUrl?.split("/").at(-1) ?? "";
    expect(listing.imageUrl).toBe(`/api/images/${imageId}`);
    expect(listing.product.imageUrl).toBe(listing.imageUrl);
    const stored = await findPicture(t.prisma, imageId);
    expect(stored?.contentType).toBe("image/png");
    expect(Buffer.from(stored!.bytes).equals(Buffer.from(PIXEL_PNG))).toBe(true);

    // Listing it again stores no second picture.
    const images = await t.prisma.image.count();
    const again = await list(t.prisma, shopB, { brand: "pixel", model: "one", price: "6", initialStock: 1 }, check.picture);
    expect(again).toEqual({ ok: false, reason: "already-listed", listingId: result.listingId });
    expect(await t.prisma.image.count()).toBe(images);
  });

  it("refuses pictures that are not PNG, JPEG, WebP or GIF, or larger than 2 MB", () => {
    expect(checkPicture(Uint8Array.from(Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>")))).toEqual({
      ok: false,
      message: "Use a PNG, JPEG, WebP or GIF picture.",
    });
    const huge = new Uint8Array(2 * 1024 * 1024 + 1);
    huge.set(PIXEL_PNG);
    expect(checkPicture(huge)).toMatchObject({ ok: false, message: expect.stringContaining("the limit is 2 MB") });
    expect(checkPicture(new Uint8Array(0))).toMatchObject({ ok: false });
    expect(checkPicture(Uint8Array.from(Buffer.from("GIF89a....")))).toMatchObject({ ok: true, picture: { contentType: "image/gif" } });
  });

  it("the form's schema names the fields a listing is missing", async () => {
    const parsed = await newListingFormSchema.safeParseAsync({ brand: "", model: " ", price: "free", initialStock: -1 });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(Object.keys(z.flattenError(parsed.error).fieldErrors).sort()).toEqual(["brand", "initialStock", "model", "price"]);
  });
});

describe("the new-listing form is parsed once, picture included", () => {
  const fields = { brand: "Form", model: "Parsed Once", price: "49.90", initialStock: "3" };
  const file = (bytes: Uint8Array, name = "picture.png") => new File([Buffer.from(bytes)], name, { type: "image/png" });

  it("turns euros into cents and reads the picture's type from its bytes", async () => {
    const parsed = await newListingFormSchema.parseAsync({ ...fields, picture: file(PIXEL_PNG) });
    expect(parsed).toMatchObject({ price: 4990, initialStock: 3, variant: "", picture: { contentType: "image/png" } });
    expect(Buffer.from(parsed.picture!.bytes).equals(Buffer.from(PIXEL_PNG))).toBe(true);
    // The output is what the step takes; parsing it again would misread the cents.
    expect(createListingSchema.safeParse(parsed).success).toBe(false);
  });

  it("takes an empty file input as no picture, and names a file that is not a picture", async () => {
    expect(await newListingFormSchema.parseAsync({ ...fields, picture: file(new Uint8Array(0)) })).toMatchObject({ picture: null });
    expect(await newListingFormSchema.parseAsync(fields)).toMatchObject({ picture: null });
    const text = await newListingFormSchema.safeParseAsync({ ...fields, picture: file(Buffer.from("just some text"), "notes.png") });
    expect(text.success).toBe(false);
    if (text.success) return;
    expect(z.flattenError(text.error).fieldErrors).toEqual({ picture: ["Use a PNG, JPEG, WebP or GIF picture."] });
  });
});

describe("two identities whose names slugify alike, listed at the same instant (I8)", () => {
  it("both are listed, under distinct slugs, 50 races out of 50", async () => {
    const racers = [t.newClient(2), t.newClient(2)];
    let failures = 0;
    for (let round = 0; round < 50; round++) {
      // "Race-X" "Twin" and "Race" "X-Twin": two products, one slug "race-x-twin-<round>".
      const results = await Promise.allSettled([
        list(racers[0]!, shopA, { brand: `Race-X${round}`, model: "Twin", price: "10", initialStock: 1 }),
        list(racers[1]!, shopB, { brand: "Race", model: `X${round}-Twin`, price: "10", initialStock: 1 }),
      ]);
      const created = results.flatMap((r) => (r.status === "fulfilled" && r.value.ok ? [r.value] : []));
      if (created.length !== 2) {
        failures += 1;
        continue;
      }
      expect(new Set(created.map((r) => r.productId)).size).toBe(2);
      const slugs = created.map((r) => r.productSlug).sort();
      expect(slugs[0]).toBe(`race-x${round}-twin`);
      expect(slugs[1]).toMatch(new RegExp(`^race-x${round}-twin-[0-9a-f]{6}$`));
    }
    expect(failures).toBe(0);
    expect(await auditInvariants(t.prisma)).toMatchObject({ ok: true, violations: [] });
  });

  it("an identity whose plain and suffixed slugs are both taken still gets listed", async () => {
    const suffix = createHash("sha256")
      .update(productIdentityKey("Spin", "Y-Top", ""))
      .digest("hex")
      .slice(0, 6);
    // Someone holds "spin-y-top", and someone else named a product exactly "spin-y-top-<suffix>".
    expect(await list(t.prisma, shopA, { brand: "Spin-Y", model: "Top", price: "10", initialStock: 1 })).toMatchObject({
      ok: true,
      productSlug: "spin-y-top",
    });
    expect(await list(t.prisma, shopA, { brand: "Spin Y Top", model: suffix, price: "10", initialStock: 1 })).toMatchObject({
      ok: true,
      productSlug: `spin-y-top-${suffix}`,
    });
    const third = await list(t.prisma, shopB, { brand: "Spin", model: "Y-Top", price: "10", initialStock: 1 });
    expect(third).toMatchObject({ ok: true, newProduct: true, productSlug: expect.stringMatching(/^spin-y-top-[0-9a-f]{10}$/) });
    // And listing that identity again finds the same product, whatever its slug.
    const again = await list(t.prisma, shopA, { brand: "spin", model: "y-top", price: "11", initialStock: 1 });
    expect(again).toMatchObject({ ok: true, newProduct: false, productId: third.ok ? third.productId : "" });
  });
});
