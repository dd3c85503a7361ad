import { describe, expect, it } from "vitest";
import { catalogueHref, pageSlots, parseCatalogueParams, type CatalogueState } from "@/lib/catalogue/catalogue-params";
import { describeDeal, timeLeft } from "@/lib/catalogue/describe-deal";

const defaults: CatalogueState = { q: "", brand: "", sort: "newest", inStock: false, page: 1 };

describe("the catalogue's URL state", () => {
  it("reads every parameter", () => {
    expect(parseCatalogueParams({ q: " runner ", brand: "Kestrel", sort: "price-desc", stock: "in", page: "3" })).toEqual({
      q: "runner",
      brand: "Kestrel",
      sort: "price-desc",
      inStock: true,
      page: 3,
    });
  });

  it("falls back to the default for a bad value instead of failing the page", () => {
    expect(parseCatalogueParams({})).toEqual(defaults);
    expect(parseCatalogueParams({ sort: "cheapest", stock: "yes", page: "-2" })).toEqual(defaults);
    for (const page of ["0", "1.5", "two", "", "NaN", "Infinity"]) expect(parseCatalogueParams({ page }).page).toBe(1);
    expect(parseCatalogueParams({ page: "99999999999" }).page).toBe(100_000);
    // Repeated parameters: the first one counts; control characters are dropped.
    expect(parseCatalogueParams({ q: ["a\u0000b", "c"], sort: ["ending", "newest"], page: ["2", "5"] })).toMatchObject({
      q: "ab",
      sort: "ending",
      page: 2,
    });
  });

  it("writes links with defaults left out, back on page 1 when anything but the page changes", () => {
    const state: CatalogueState = { q: "runner", brand: "", sort: "price-asc", inStock: true, page: 4 };
    expect(catalogueHref(defaults)).toBe("/products");
    expect(catalogueHref(state, { page: 5 })).toBe("/products?q=runner&sort=price-asc&stock=in&page=5");
    expect(catalogueHref(state, { brand: "Kestrel" })).toBe("/products?q=runner&brand=Kestrel&sort=price-asc&stock=in");
    expect(catalogueHref(state, { sort: "newest", inStock: false })).toBe("/products?q=runner");
    expect(parseCatalogueParams(Object.fromEntries(new URLSearchParams(catalogueHref(state, { page: 2 }).split("?")[1])))).toEqual({
      ...state,
      page: 2,
    });
  });
});

describe("page links", () => {
  it("shows the first, the last and the current page with its neighbours, and a gap only for two or more pages", () => {
    expect(pageSlots(1, 1)).toEqual([1]);
    expect(pageSlots(1, 2)).toEqual([1, 2]);
    expect(pageSlots(1, 4)).toEqual([1, 2, 3, 4]);
    expect(pageSlots(1, 10)).toEqual([1, 2, "gap", 10]);
    expect(pageSlots(5, 10)).toEqual([1, "gap", 4, 5, 6, "gap", 10]);
    expect(pageSlots(4, 10)).toEqual([1, 2, 3, 4, 5, "gap", 10]);
    expect(pageSlots(10, 10)).toEqual([1, "gap", 9, 10]);
  });
});

describe("a deal's time left on a card", () => {
  const now = "2026-11-22T12:00:00.000Z";
  const at = (ms: number) => new Date(Date.parse(now) + ms).toISOString();
  it("rounds down, in minutes, hours or days", () => {
    expect(timeLeft(at(10_000), now)).toBe("1 min");
    expect(timeLeft(at(59 * 60_000 + 59_000), now)).toBe("59 min");
    expect(timeLeft(at(3_600_000), now)).toBe("1 h");
    expect(timeLeft(at(47.9 * 3_600_000), now)).toBe("47 h");
    expect(timeLeft(at(14 * 86_400_000 - 1), now)).toBe("13 days");
    expect(describeDeal({ kind: "coupon", endsAt: at(2 * 3_600_000), now })).toBe("Coupon offer · ends in 2 h");
  });
});
