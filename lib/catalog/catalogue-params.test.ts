import { describe, expect, it } from "vitest";
import { catalogueHref, parseCatalogueParams, type CatalogueState } from "./catalogue-params";

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
    expect(parseCatalogueParams({ q: ["a\u0000b", "c"], sort: ["ending", "newest"], page: ["2", "5"] })).toMatchObject({ q: "ab", sort: "ending", page: 2 });
  });

  it("writes links with defaults left out, back on page 1 when anything but the page changes", () => {
    const state: CatalogueState = { q: "runner", brand: "", sort: "price-asc", inStock: true, page: 4 };
    expect(catalogueHref(defaults)).toBe("/products");
    expect(catalogueHref(state, { page: 5 })).toBe("/products?q=runner&sort=price-asc&stock=in&page=5");
    expect(catalogueHref(state, { brand: "Kestrel" })).toBe("/products?q=runner&brand=Kestrel&sort=price-asc&stock=in");
    expect(catalogueHref(state, { sort: "newest", inStock: false })).toBe("/products?q=runner");
    expect(parseCatalogueParams(Object.fromEntries(new URLSearchParams(catalogueHref(state, { page: 2 }).split("?")[1])))).toEqual({ ...state, page: 2 });
  });
});
