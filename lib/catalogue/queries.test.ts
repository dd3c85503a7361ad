import { beforeAll, describe, expect, it } from "vitest";
import { addToCart } from "@/lib/cart/cart-lines";
import {
  countBrands,
  findCataloguePage,
  getProductBySlug,
  listBrands,
  listCatalogue,
  listScarceProducts,
  type CatalogueEntry,
} from "@/lib/catalogue/queries";
import { createCampaign } from "@/lib/coupons/create-campaign";
import { createFlashSale } from "@/lib/flash-sales/create-flash-sale";
import { runStep } from "@/lib/steps/run-step";
import { receiveStock } from "@/lib/stock/movements";
import { DEMO_PRODUCTS, DEMO_SHOPS } from "@/scripts/demo-data";
import { seedDemoData } from "@/scripts/seed";
import { expireHolds } from "@/test/support/age";
import { createTestUsers } from "@/test/support/fixtures";
import { useTestDatabase, type TestDatabase } from "@/test/support/test-database";
import { HOUR } from "@/test/support/time";

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
      fromPrice: { cents: 17900, currency: "EUR", varies: true },
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
    // Both shops ask €139: the price is no "from" price.
    expect(chalk?.fromPrice).toEqual({ cents: 13900, currency: "EUR", varies: false });
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
      // The one shop with stock asks €145: that is the price, not a "from" price.
      expect(held?.fromPrice).toEqual({ cents: 14500, currency: "EUR", varies: false });
    } finally {
      // Lapsed, the hold frees its units for the tests after this one.
      await expireHolds(t.prisma, { userId: customer! });
    }
  });
});

describe("search and brand filter", () => {
  it("matches every word against title, brand, model or variant, ignoring case", async () => {
    expect(slugsOf(await listCatalogue(t.prisma, { q: "halo" }))).toEqual(["aurora-audio-halo-2-midnight", "aurora-audio-halo-2-sand"]);
    expect(slugsOf(await listCatalogue(t.prisma, { q: "  AURORA   midnight " }))).toEqual(["aurora-audio-halo-2-midnight"]);
    expect(slugsOf(await listCatalogue(t.prisma, { q: "keyboard" }))).toHaveLength(2);
    expect(await listCatalogue(t.prisma, { q: "no such thing" })).toEqual([]);
  });

  it("finds other forms of a word: plurals find the singular names, and the other way round", async () => {
    const shoes = slugsOf(await listCatalogue(t.prisma, { q: "shoes" }));
    expect(shoes).toHaveLength(3);
    expect(shoes).toEqual(slugsOf(await listCatalogue(t.prisma, { q: "shoe" })));
    expect(slugsOf(await listCatalogue(t.prisma, { q: "Lumen lamps" }))).toHaveLength(2);
    expect(slugsOf(await listCatalogue(t.prisma, { q: "keyboards" }))).toHaveLength(2);
    expect(slugsOf(await listCatalogue(t.prisma, { q: "headphone" }))).toEqual(slugsOf(await listCatalogue(t.prisma, { q: "headphones" })));
    // Every word must still match: a plural does not widen the search past its other words.
    expect(await listCatalogue(t.prisma, { q: "shoes lamps" })).toEqual([]);
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

// ───────────── sorting, the stock filter, pages and brand counts ─────────────

const MINUTE = 60_000;
const fromNow = (ms: number) => new Date(Date.now() + ms);
const pricesOf = (products: CatalogueEntry[]) => products.map((product) => product.fromPrice?.cents ?? 0);

async function harbourShopId(): Promise<string> {
  return (await t.prisma.shop.findUniqueOrThrow({ where: { slug: DEMO_SHOPS.harbour.slug } })).id;
}

/** A new product listed by Harbour & Pine with `stock` units (created now: the newest). */
async function listProduct(name: string, { priceCents = 5000, stock = 5, brand = "Testbrand" } = {}) {
  const shopId = await harbourShopId();
  const product = await t.prisma.product.create({
    data: { slug: `test-${name}`, identityKey: `${brand.toLowerCase()}|${name}|`, brand, model: name, title: `${brand} ${name}` },
  });
  const listing = await t.prisma.listing.create({ data: { shopId, productId: product.id, priceCents } });
  if (stock > 0) await receiveStock(t.prisma, { listingId: listing.id, quantity: stock });
  return { shopId, productId: product.id, slug: product.slug, listingId: listing.id };
}

/** Every product of the filter, read page by page. */
async function readAllPages(filter: Parameters<typeof findCataloguePage>[1]) {
  const pages = [];
  for (let page = 1; ; page += 1) {
    const result = await findCataloguePage(t.prisma, { ...filter, page });
    pages.push(result);
    if (page >= result.pageCount) return pages;
  }
}

describe("catalogue pages are counted and cut in SQL, and never repeat or skip a product", () => {
  it("splits the catalogue into pages with their positions, and shows the last page for a page past the end", async () => {
    const everything = await listCatalogue(t.prisma, { sort: "newest", limit: 1000 });
    expect(everything.length).toBeGreaterThan(20);
    const pages = await readAllPages({ sort: "newest", pageSize: 10 });
    expect(pages).toHaveLength(Math.ceil(everything.length / 10));
    expect(pages.map((page) => page.page)).toEqual(pages.map((_, index) => index + 1));
    expect(slugsOf(pages.flatMap((page) => page.products))).toEqual(slugsOf(everything));
    expect(pages[0]).toMatchObject({ total: everything.length, pageSize: 10, first: 1, last: 10 });
    expect(pages[1]).toMatchObject({ first: 11, last: 20 });
    const lastPage = pages.at(-1)!;
    expect(lastPage).toMatchObject({ first: (pages.length - 1) * 10 + 1, last: everything.length });

    const pastTheEnd = await findCataloguePage(t.prisma, { sort: "newest", pageSize: 10, page: 99 });
    expect(pastTheEnd).toMatchObject({ page: pages.length, pageCount: pages.length, first: lastPage.first, last: lastPage.last });
    expect(slugsOf(pastTheEnd.products)).toEqual(slugsOf(lastPage.products));
  });

  it("answers an empty page 1 when nothing matches", async () => {
    expect(await findCataloguePage(t.prisma, { q: "no such thing", page: 3 })).toEqual({
      products: [],
      total: 0,
      page: 1,
      pageCount: 1,
      pageSize: 24,
      first: 0,
      last: 0,
    });
  });

  it("breaks ties on the id: products created at the same instant still page without overlap", async () => {
    // Every product made equally new (and equally priced below) leaves only the tie-break to order them.
    const made = new Date("2026-01-01T00:00:00Z");
    await t.prisma.product.updateMany({ data: { createdAt: made } });
    for (const sort of ["newest", "price-asc", "ending"] as const) {
      const pages = await readAllPages({ sort, pageSize: 7 });
      const slugs = slugsOf(pages.flatMap((page) => page.products));
      expect(new Set(slugs).size).toBe(slugs.length);
      expect(slugs).toHaveLength(pages[0]!.total);
    }
    const newest = (await readAllPages({ sort: "newest", pageSize: 7 })).flatMap((page) => page.products.map((product) => product.id));
    expect(newest).toEqual([...newest].sort());
  });
});

describe("sorting the catalogue", () => {
  it("puts the newest product first by default", async () => {
    const older = await listProduct("older-lamp");
    await t.prisma.product.update({ where: { id: older.productId }, data: { createdAt: fromNow(-MINUTE) } });
    const newer = await listProduct("newer-lamp");
    const page = await findCataloguePage(t.prisma, {});
    expect(slugsOf(page.products).slice(0, 2)).toEqual([newer.slug, older.slug]);
  });

  it("sorts by the price the card shows, the cheapest offer still buyable, both ways", async () => {
    const ascending = await listCatalogue(t.prisma, { sort: "price-asc", limit: 1000 });
    expect(pricesOf(ascending)).toEqual([...pricesOf(ascending)].sort((a, b) => a - b));
    const descending = await listCatalogue(t.prisma, { sort: "price-desc", limit: 1000 });
    expect(pricesOf(descending)).toEqual([...pricesOf(descending)].sort((a, b) => b - a));

    // Held, the cheaper offer no longer counts: the product sorts at the other shop's price.
    const volt = await getProductBySlug(t.prisma, "kestrel-runner-9-volt");
    const cheapest = volt!.listings[0]!;
    const [customer] = await createTestUsers(t.prisma, 1);
    await runStep(t.prisma, addToCart, { userId: customer!, listingId: cheapest.id, quantity: cheapest.available, ttlMs: HOUR });
    try {
      const held = await listCatalogue(t.prisma, { sort: "price-asc", limit: 1000 });
      expect(held.find((product) => product.slug === volt!.slug)?.fromPrice?.cents).toBe(volt!.listings[1]!.priceCents);
      expect(pricesOf(held)).toEqual([...pricesOf(held)].sort((a, b) => a - b));
    } finally {
      await expireHolds(t.prisma, { userId: customer! });
    }
  });

  it("puts deals that end first at the top (live flash sales with a slot left, coupons for one listing), then the rest by newest", async () => {
    const sale = await listProduct("sale-kettle", { stock: 5 });
    const coupon = await listProduct("coupon-kettle", { stock: 5 });
    const fullSale = await listProduct("full-sale-kettle", { stock: 5 });
    const shopWide = await listProduct("shop-wide-kettle", { stock: 5 });
    const shopId = sale.shopId;
    const made = await Promise.all([
      createFlashSale(t.prisma, {
        shopId,
        listingId: sale.listingId,
        slots: 2,
        discount: { kind: "percent", percent: 10 },
        startsAt: fromNow(-MINUTE),
        endsAt: fromNow(2 * HOUR),
      }),
      createFlashSale(t.prisma, {
        shopId,
        listingId: fullSale.listingId,
        slots: 1,
        discount: { kind: "percent", percent: 10 },
        startsAt: fromNow(-MINUTE),
        endsAt: fromNow(10 * MINUTE),
      }),
      createCampaign(t.prisma, {
        shopId,
        name: "Coupon for one kettle",
        limit: 5,
        discountPercent: 10,
        amountOffCents: null,
        listingId: coupon.listingId,
        minOrderCents: 0,
        startsAt: fromNow(-MINUTE),
        endsAt: fromNow(HOUR),
      }),
      createCampaign(t.prisma, {
        shopId,
        name: "Whole shop",
        limit: 5,
        discountPercent: 10,
        amountOffCents: null,
        listingId: null,
        minOrderCents: 0,
        startsAt: fromNow(-MINUTE),
        endsAt: fromNow(5 * MINUTE),
      }),
    ]);
    expect(made.every((result) => result.ok)).toBe(true);
    // Every slot of this sale taken: nothing left to get, so it is not a deal ending.
    await t.prisma.flashSale.updateMany({ where: { listingId: fullSale.listingId }, data: { claimed: 1 } });

    const page = await findCataloguePage(t.prisma, { sort: "ending", pageSize: 100 });
    const withDeals = page.products.filter((product) => product.deal);
    // The demo's live sale (Pebble) and its one-listing campaign (Orb Lamp) end in two weeks.
    expect(slugsOf(withDeals)).toEqual([coupon.slug, sale.slug, "aurora-audio-pebble-slate", "lumen-orb-lamp-opal"]);
    expect(slugsOf(page.products.slice(0, 4))).toEqual(slugsOf(withDeals));
    expect(withDeals.map((product) => product.deal?.kind)).toEqual(["coupon", "flash-sale", "flash-sale", "coupon"]);
    expect(Date.parse(withDeals[0]!.deal!.endsAt)).toBeGreaterThan(Date.now() + 50 * MINUTE);

    const rest = page.products.slice(4);
    expect(slugsOf(rest)).toEqual(
      slugsOf((await findCataloguePage(t.prisma, { sort: "newest", pageSize: 100 })).products.filter((p) => !p.deal)),
    );
    expect(slugsOf(rest)).toContain(fullSale.slug);
    expect(slugsOf(rest)).toContain(shopWide.slug);

    // Ended early, the sale stops counting at once.
    await t.prisma.flashSale.updateMany({ where: { listingId: sale.listingId }, data: { endedEarlyAt: new Date() } });
    const after = await findCataloguePage(t.prisma, { sort: "ending", pageSize: 100 });
    expect(slugsOf(after.products.filter((product) => product.deal))).toEqual([
      coupon.slug,
      "aurora-audio-pebble-slate",
      "lumen-orb-lamp-opal",
    ]);
  });
});

describe("the in-stock filter", () => {
  it("keeps only products with a unit available now in some shop", async () => {
    const everything = await listCatalogue(t.prisma, { limit: 1000 });
    const inStock = await findCataloguePage(t.prisma, { sort: "name", inStock: true, pageSize: 1000 });
    expect(slugsOf(inStock.products)).toEqual(slugsOf(everything.filter((product) => product.totalAvailable > 0)));
    expect(inStock.total).toBeLessThan(everything.length);
    expect(slugsOf(inStock.products)).not.toContain("kestrel-runner-9-chalk");
    expect(slugsOf((await findCataloguePage(t.prisma, { q: "runner", inStock: true })).products)).toEqual(["kestrel-runner-9-volt"]);
  });

  it("hides a product while its last units are held, and shows it again the moment the hold lapses (I3)", async () => {
    const last = await listProduct("last-unit-vase", { stock: 1 });
    const [customer] = await createTestUsers(t.prisma, 1);
    await runStep(t.prisma, addToCart, { userId: customer!, listingId: last.listingId, quantity: 1, ttlMs: HOUR });
    expect(slugsOf((await findCataloguePage(t.prisma, { q: "last-unit-vase", inStock: true })).products)).toEqual([]);
    expect(slugsOf((await findCataloguePage(t.prisma, { q: "last-unit-vase" })).products)).toEqual([last.slug]);
    await expireHolds(t.prisma, { userId: customer! });
    expect(slugsOf((await findCataloguePage(t.prisma, { q: "last-unit-vase", inStock: true })).products)).toEqual([last.slug]);
  });
});

describe("brand counts follow the search and the stock filter", () => {
  it("counts only matching products, and leaves out brands with none (no chip leads to 0 products)", async () => {
    expect(await countBrands(t.prisma, { q: "runner" })).toEqual([{ brand: "Kestrel", productCount: 2 }]);
    expect(await countBrands(t.prisma, { q: "runner", inStock: true })).toEqual([{ brand: "Kestrel", productCount: 1 }]);
    expect(await countBrands(t.prisma, { q: "no such thing" })).toEqual([]);
    const halo = await countBrands(t.prisma, { q: "halo" });
    expect(halo).toEqual([{ brand: "Aurora Audio", productCount: 2 }]);
    // Without a search, the same as the plain brand list.
    expect(await countBrands(t.prisma)).toEqual(await listBrands(t.prisma));
  });

  it("counts a brand once however its products spell its case, as the brand filter does", async () => {
    const lower = await listProduct("lowercase-trail", { brand: "kestrel" });
    try {
      const kestrel = (await countBrands(t.prisma, { q: "kestrel" })).filter((b) => b.brand.toLowerCase() === "kestrel");
      expect(kestrel).toEqual([{ brand: expect.stringMatching(/^kestrel$/i), productCount: 4 }]);
      expect((await findCataloguePage(t.prisma, { brand: "KESTREL" })).total).toBe(4);
    } finally {
      await t.prisma.listing.update({ where: { id: lower.listingId }, data: { active: false } });
    }
  });

  it("a brand's count is what its filter then shows, together with the search", async () => {
    for (const q of ["runner", "lamp", "", "a"]) {
      for (const { brand, productCount } of await countBrands(t.prisma, { q })) {
        expect((await findCataloguePage(t.prisma, { q, brand })).total).toBe(productCount);
      }
    }
  });
});
