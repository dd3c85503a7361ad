import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_PRODUCTS, DEMO_SHOPS } from "../../scripts/demo-data";
import { seedDemoData } from "../../scripts/seed";
import { createTestUsers } from "../../scripts/vitest/fixtures";
import { expireHolds } from "../../scripts/vitest/age";
import { HOUR } from "../../scripts/vitest/time";
import { useTestDatabase, type TestDatabase } from "../../scripts/vitest/test-database";
import { addToCart } from "../cart/cart-lines";
import { getProductBySlug, listBrands, listCatalogue, listScarceProducts } from "./queries";
import { runStep } from "../steps/run-step";

let t: TestDatabase;

beforeAll(async () => {
  t = await useTestDatabase();
  await seedDemoData(t.url, { force: false, contactSecret: "catalogue-test-contact-secret" });
});

const slugsOf = (products: { slug: string }[]) => products.map((product) => product.slug);

describe("the catalogue shows each product once, with every shop's offer (I8)", () => {
  it("shows a held unit as taken, and as free again the moment its hold lapses, before any sweep (I3)", async () => {
    const slug = "aurora-audio-halo-2-midnight";
    const before = await getProductBySlug(t.prisma, slug);
    const harbour = before?.listings.find((listing) => listing.shop.slug === DEMO_SHOPS.harbour.slug);
    expect(harbour?.available).toBe(3);
    const [customer] = await createTestUsers(t.prisma, 1);
    const added = await runStep(t.prisma, addToCart, { userId: customer!, listingId: harbour!.id, quantity: 2, ttlMs: HOUR });
    expect(added).toMatchObject({ ok: true, line: { status: "reserved" } });

    const held = await getProductBySlug(t.prisma, slug);
    expect(held?.listings.find((listing) => listing.id === harbour!.id)?.available).toBe(1);
    expect(held?.totalAvailable).toBe((before?.totalAvailable ?? 0) - 2);

    expect(await expireHolds(t.prisma, { userId: customer! })).toBe(1);
    const lapsed = await getProductBySlug(t.prisma, slug);
    expect(lapsed?.listings.find((listing) => listing.id === harbour!.id)?.available).toBe(3);
    const inCatalogue = (await listCatalogue(t.prisma, { q: "Halo Midnight" })).find((product) => product.slug === slug);
    expect(inCatalogue?.totalAvailable).toBe(before?.totalAvailable);
    // Nothing tidied it: the hold is still ACTIVE in the table, only past its expiry.
    expect(await t.prisma.hold.count({ where: { listingId: harbour!.id, status: "ACTIVE" } })).toBe(1);
  });

  it("groups the listings of both shops under one product", async () => {
    const catalogue = await listCatalogue(t.prisma);
    expect(catalogue).toHaveLength(DEMO_PRODUCTS.length);
    expect(new Set(slugsOf(catalogue)).size).toBe(catalogue.length);

    const halo = catalogue.find((product) => product.slug === "aurora-audio-halo-2-midnight");
    expect(halo).toMatchObject({
      brand: "Aurora Audio",
      model: "Halo 2",
      variant: "Midnight",
      imageUrl: "/products/aurora-audio-halo-2-midnight.svg",
      fromPrice: { cents: 17900, currency: "EUR" },
      totalAvailable: 15,
    });
    expect(halo?.listings).toEqual([
      expect.objectContaining({ shop: DEMO_SHOPS.northern, priceCents: 17900, available: 12 }),
      expect.objectContaining({ shop: DEMO_SHOPS.harbour, priceCents: 18900, available: 3 }),
    ]);
  });

  it("shows a sold-out product with no stock and its price", async () => {
    const chalk = await getProductBySlug(t.prisma, "kestrel-runner-9-chalk");
    expect(chalk?.totalAvailable).toBe(0);
    expect(chalk?.listings.map((listing) => listing.available)).toEqual([0, 0]);
    expect(chalk?.fromPrice).toEqual({ cents: 13900, currency: "EUR" });
  });

  it("counts reserved units as unavailable, and quotes the cheapest price still buyable", async () => {
    const product = await getProductBySlug(t.prisma, "kestrel-runner-9-volt");
    const cheapest = product?.listings[0];
    expect(cheapest).toMatchObject({ priceCents: 13900, available: 2 });
    const [customer] = await createTestUsers(t.prisma, 1);
    await runStep(t.prisma, addToCart, { userId: customer!, listingId: cheapest!.id, quantity: 2, ttlMs: HOUR });
    try {
      const held = await getProductBySlug(t.prisma, "kestrel-runner-9-volt");
      expect(held?.listings.map((listing) => listing.available)).toEqual([0, 1]);
      expect(held?.totalAvailable).toBe(1);
      expect(held?.fromPrice).toEqual({ cents: 14500, currency: "EUR" });
    } finally {
      // Lapsed, the hold frees its units for the tests after this one.
      await expireHolds(t.prisma, { userId: customer! });
    }
  });
});

describe("search and brand filter", () => {
  it("matches every word against title, brand, model or variant, ignoring case", async () => {
    expect(slugsOf(await listCatalogue(t.prisma, { q: "halo" }))).toEqual([
      "aurora-audio-halo-2-midnight",
      "aurora-audio-halo-2-sand",
    ]);
    expect(slugsOf(await listCatalogue(t.prisma, { q: "  AURORA   midnight " }))).toEqual(["aurora-audio-halo-2-midnight"]);
    expect(slugsOf(await listCatalogue(t.prisma, { q: "keyboard" }))).toHaveLength(2);
    expect(await listCatalogue(t.prisma, { q: "no such thing" })).toEqual([]);
  });

  it("treats LIKE wildcards in the search as plain characters", async () => {
    expect(await listCatalogue(t.prisma, { q: "%" })).toEqual([]);
    expect(await listCatalogue(t.prisma, { q: "_" })).toEqual([]);
  });

  it("filters by brand, alone and together with a search", async () => {
    const tandem = await listCatalogue(t.prisma, { brand: "tandem" });
    expect(slugsOf(tandem)).toEqual(["tandem-city-3-teal", "tandem-fold-16-graphite"]);
    expect(slugsOf(await listCatalogue(t.prisma, { brand: "Tandem", q: "fold" }))).toEqual(["tandem-fold-16-graphite"]);
    expect(await listCatalogue(t.prisma, { brand: "Tandem", q: "kettle" })).toEqual([]);
  });

  it("lists brands with their number of products on offer", async () => {
    const brands = await listBrands(t.prisma);
    expect(brands.map((b) => b.brand)).toEqual([...new Set(DEMO_PRODUCTS.map((p) => p.brand))].sort());
    expect(brands.find((b) => b.brand === "Kestrel")).toEqual({ brand: "Kestrel", productCount: 3 });
  });
});

describe("inactive listings are hidden", () => {
  it("leaves a paused shop's listing out of the product", async () => {
    const kettle = await getProductBySlug(t.prisma, "fjell-kettle-1-7-l-matte-black");
    expect(kettle?.listings.map((listing) => listing.shop.slug)).toEqual([DEMO_SHOPS.harbour.slug]);
    expect(kettle?.totalAvailable).toBe(14);
  });

  it("hides a product whose only listing is paused, from the catalogue, search and brands", async () => {
    const shop = await t.prisma.shop.findUniqueOrThrow({ where: { slug: DEMO_SHOPS.harbour.slug } });
    const product = await t.prisma.product.create({
      data: { slug: "hidden-gadget", identityKey: "hidden|gadget|", brand: "Hidden", model: "Gadget", title: "Hidden Gadget" },
    });
    await t.prisma.listing.create({ data: { shopId: shop.id, productId: product.id, priceCents: 1000, active: false } });

    expect(slugsOf(await listCatalogue(t.prisma))).not.toContain("hidden-gadget");
    expect(await listCatalogue(t.prisma, { q: "gadget" })).toEqual([]);
    expect((await listBrands(t.prisma)).map((b) => b.brand)).not.toContain("Hidden");
    expect(await getProductBySlug(t.prisma, "hidden-gadget")).toMatchObject({ listings: [], fromPrice: null, totalAvailable: 0 });
  });

  it("returns null for an unknown slug", async () => {
    expect(await getProductBySlug(t.prisma, "does-not-exist")).toBeNull();
  });
});

describe("scarce products", () => {
  it("lists products nearly gone, scarcest first, leaving out sold-out ones", async () => {
    const scarce = await listScarceProducts(t.prisma, { maxAvailable: 3, limit: 10 });
    const totals = scarce.map((product) => product.totalAvailable);
    expect(totals.every((total) => total >= 1 && total <= 3)).toBe(true);
    expect(totals).toEqual([...totals].sort((a, b) => a - b));
    expect(slugsOf(scarce)).toContain("nordvik-field-camera-f2-silver");
    expect(slugsOf(scarce)).not.toContain("kestrel-runner-9-chalk");
  });
});
