import { expect, test, type Locator } from "@playwright/test";
import { DEMO_PRODUCTS, DEMO_SHOPS, DEMO_USERS, demoProductSlug } from "../scripts/demo-data";

/** True once the browser has decoded the picture (a broken image has naturalWidth 0). */
async function expectPictureLoaded(image: Locator) {
  await image.scrollIntoViewIfNeeded();
  await expect
    .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
    .toBe(true);
}

test("a shopper browses, searches and filters the catalogue, then compares shops on a product page", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Scarce things, fairly sold." })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Almost gone" })).toBeVisible();

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Catalogue" }).click();
  await expect(page).toHaveURL(/\/products$/);
  await expect(page.getByRole("heading", { level: 1, name: "Catalogue" })).toBeVisible();

  // Every demo product is on offer (all have an active listing), each shown once. Other
  // specs may add products or hold units while this one runs: counts are lower bounds and
  // scarce badges allow for a hold.
  const cards = page.getByTestId("product-card");
  await expect(page.getByTestId("result-count")).toHaveText(/^\d+ products$/);
  expect(await cards.count()).toBeGreaterThanOrEqual(DEMO_PRODUCTS.length);
  for (const product of DEMO_PRODUCTS) {
    await expect(cards.locator(`a[href="/products/${demoProductSlug(product)}"]`)).toHaveCount(1);
  }
  for (const index of [0, 5]) await expectPictureLoaded(cards.nth(index).getByRole("img"));

  // Scarce and sold-out badges are shown on the cards.
  const camera = cards.filter({ hasText: "Nordvik Field Camera F2" });
  await expect(camera.getByText(/^(Only 1 left|Sold out)$/)).toBeVisible();
  const chalk = cards.filter({ hasText: "Chalk" });
  await expect(chalk.getByText("Sold out")).toBeVisible();

  // Search from the header.
  const search = page.getByRole("search", { name: "Products" });
  await search.getByRole("searchbox", { name: "Search products" }).fill("halo");
  await search.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/\/products\?q=halo$/);
  await expect(page.getByRole("heading", { level: 1, name: "Results for “halo”" })).toBeVisible();
  await expect(cards).toHaveCount(2);
  await expect(cards.filter({ hasText: "Midnight" })).toHaveCount(1);
  await expect(cards.filter({ hasText: "Sand" })).toHaveCount(1);
  await expect(search.getByRole("searchbox")).toHaveValue("halo");

  // A search that finds nothing says so and offers the way back.
  await search.getByRole("searchbox").fill("unicorn saddle");
  await search.getByRole("searchbox").press("Enter");
  await expect(page.getByRole("heading", { name: "Nothing matches “unicorn saddle”" })).toBeVisible();
  await page.getByRole("link", { name: "Clear search and filters" }).click();
  await expect(page).toHaveURL(/\/products$/);
  await expect(cards.filter({ hasText: "Midnight" })).toHaveCount(1);

  // Filter by brand.
  const brands = page.getByRole("navigation", { name: "Filter by brand" });
  await brands.getByRole("link", { name: /^Kestrel/ }).click();
  await expect(page).toHaveURL(/brand=Kestrel/);
  await expect(cards).toHaveCount(3);
  await expect(brands.getByRole("link", { name: /^Kestrel/ })).toHaveAttribute("aria-current", "page");
  for (const card of await cards.all()) await expect(card).toContainText("Kestrel");

  // A product listed by both shops: one card, two offers.
  await page.goto("/products?brand=Aurora%20Audio");
  const midnight = cards.filter({ hasText: "Midnight" });
  await expect(midnight).toHaveCount(1);
  await expect(midnight).toContainText("Sold by 2 shops");
  await expect(midnight).toContainText("from €179.00");
  await midnight.getByRole("link", { name: "Aurora Audio Halo 2 Wireless Headphones" }).click();

  await expect(page).toHaveURL(/\/products\/aurora-audio-halo-2-midnight$/);
  await expect(page).toHaveTitle(/Aurora Audio Halo 2 Wireless Headphones – Midnight/);
  await expect(page.getByRole("heading", { level: 1, name: "Aurora Audio Halo 2 Wireless Headphones" })).toBeVisible();
  await expectPictureLoaded(page.locator(".product-detail__image"));
  const rows = page.getByTestId("listing-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText(DEMO_SHOPS.northern.name);
  await expect(rows.nth(0)).toContainText("€179.00");
  await expect(rows.nth(0)).toContainText("In stock");
  await expect(rows.nth(1)).toContainText(DEMO_SHOPS.harbour.name);
  await expect(rows.nth(1)).toContainText("€189.00");
  await expect(rows.nth(1)).toContainText(/Only [1-3] left|Sold out/);
});

test("a paused listing is not offered on the product page", async ({ page }) => {
  await page.goto("/products/fjell-kettle-1-7-l-matte-black");
  const rows = page.getByTestId("listing-row");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(DEMO_SHOPS.harbour.name);
});

test("an unknown product shows a helpful not-found page", async ({ page }) => {
  const response = await page.goto("/products/no-such-product");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "We couldn’t find that product" })).toBeVisible();
  await page.getByRole("link", { name: "Browse the catalogue" }).click();
  await expect(page).toHaveURL(/\/products$/);
});

test("the header shows how to sign in when signed out", async ({ page }) => {
  await page.goto("/products");
  const header = page.getByRole("banner");
  await expect(header.getByRole("link", { name: "Sign in" })).toBeVisible();
  await expect(header.getByRole("link", { name: "Sign up" })).toBeVisible();
  await expect(header.getByRole("link", { name: /^Cart, 0 items$/ })).toBeVisible();
});

test("the header greets a signed-in owner, links the dashboard, and signs out", async ({ page }) => {
  // Signs in through next-auth's credentials endpoint: this spec tests the header, not the form.
  const { csrfToken } = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const signIn = await page.request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: DEMO_USERS.owner2.email, password: DEMO_USERS.owner2.password, json: "true" },
  });
  expect(signIn.ok()).toBe(true);

  await page.goto("/products");
  const header = page.getByRole("banner");
  await expect(header.getByText(DEMO_USERS.owner2.name)).toBeVisible();
  await expect(header.getByRole("link", { name: "Dashboard" })).toBeVisible();
  await expect(header.getByRole("link", { name: "Sign in" })).toHaveCount(0);

  await header.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
});

test("a signed-in customer without a shop is offered to open one", async ({ page }) => {
  const { csrfToken } = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  await page.request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: DEMO_USERS.customer.email, password: DEMO_USERS.customer.password, json: "true" },
  });
  await page.goto("/");
  const header = page.getByRole("banner");
  await expect(header.getByText(DEMO_USERS.customer.name)).toBeVisible();
  await expect(header.getByRole("link", { name: "Open a shop" })).toHaveAttribute("href", "/dashboard/open-shop");
  await expect(header.getByRole("link", { name: "Dashboard" })).toHaveCount(0);
});
