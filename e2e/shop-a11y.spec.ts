// Every page a shopper meets, at a desktop and a phone width: no sideways page scroll, and
// axe-core finds nothing serious or critical. One test per group of pages and
// viewport; the checks are soft, so a failing run lists every page that fails.
import { expect, test, type Page } from "@playwright/test";
import { VIEWPORTS, blockingViolations, expectHydrated, expectPageSound, horizontalOverflow, settle } from "@/e2e/support/a11y";
import { newPerson, submitSignUp } from "@/e2e/support/accounts";
import { chooseTestCard, fillAddress } from "@/e2e/support/shoppers";
import { DEMO_PRODUCTS, demoProductSlug } from "@/scripts/demo-data";

const productPath = (model: string, variant: string) => {
  const product = DEMO_PRODUCTS.find((p) => p.model === model && p.variant === variant);
  if (!product) throw new Error(`no demo product ${model} ${variant}`);
  return `/products/${demoProductSlug(product)}`;
};
// Listed by both shops (the per-shop offers), one shop with plenty of stock, and sold out everywhere.
const TWO_SHOPS = productPath("Halo 2", "Midnight");
const PLENTY = productPath("Stoneware Mug", "Oat");
const SOLD_OUT = productPath("Runner 9", "Chalk");

async function visit(page: Page, path: string, label: string): Promise<void> {
  await page.goto(path);
  await expectPageSound(page, label);
}

/** The first link whose address starts with `prefix`, read from the page (not clicked). */
async function firstLink(page: Page, prefix: string): Promise<string> {
  const href = await page.locator(`main a[href^="${prefix}"]`).first().getAttribute("href");
  if (!href) throw new Error(`no link to ${prefix}… on ${page.url()}`);
  return href;
}

// The checks themselves: a page that passes stops passing when something too wide and a button
// without a name are put on it, and the message names both.
test("the page checks catch a sideways scroll and a serious axe finding", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/sign-in");
  await settle(page);
  expect((await horizontalOverflow(page)).offenders).toEqual([]);
  await page.evaluate(() => {
    const wide = Object.assign(document.createElement("div"), { className: "too-wide", textContent: "wide" });
    wide.style.width = "900px";
    (document.querySelector("main") ?? document.body).append(wide, document.createElement("button"));
  });
  const overflow = await horizontalOverflow(page);
  expect(overflow.scrollWidth).toBeGreaterThan(overflow.innerWidth);
  expect(overflow.offenders.join("\n")).toContain("<div.too-wide>");
  expect((await blockingViolations(page)).join("\n")).toMatch(/^button-name \(critical\)/m);
});

for (const viewport of VIEWPORTS) {
  test.describe(`shopper pages at ${viewport.width}x${viewport.height}`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });

    test("public pages: home, catalogue, product pages, campaigns, sign-in, sign-up, 404", async ({ page }) => {
      test.setTimeout(180_000);
      await visit(page, "/", "home");
      await visit(page, "/products", "catalogue");
      await visit(page, "/products?q=halo", "catalogue, searched");
      await visit(page, "/products?brand=Kestrel", "catalogue, one brand");
      await visit(page, "/products?q=unicorn+saddle", "catalogue, nothing found");
      await visit(page, TWO_SHOPS, "product sold by two shops");
      await visit(page, PLENTY, "product in stock");
      await visit(page, SOLD_OUT, "product sold out");
      await visit(page, "/campaigns", "campaigns");
      await visit(page, await firstLink(page, "/campaigns/"), "a campaign (signed out)");
      await visit(page, "/sign-in", "sign-in");
      await visit(page, "/sign-up", "sign-up");
      expect((await page.goto("/no-such-page"))?.status()).toBe(404);
      await expectPageSound(page, "404 page");
      expect((await page.goto("/products/no-such-product"))?.status()).toBe(404);
      await expectPageSound(page, "unknown product (404)");
    });

    test("forgot-password", async ({ page }) => {
      expect((await page.goto("/forgot-password"))?.status()).toBe(200);
      await expectPageSound(page, "forgot-password");
    });

    test("a customer's pages: cart, checkout, order, orders, notifications, campaigns", async ({ page }) => {
      test.setTimeout(180_000);
      const person = newPerson("a11y");
      await submitSignUp(page, person);
      await expect(page.locator(".account-menu__name")).toHaveText(person.name, { timeout: 30_000 });
      await expectPageSound(page, "home, signed in");

      await visit(page, "/cart", "cart, empty");
      await visit(page, "/orders", "orders, none yet");
      await visit(page, "/notifications", "notifications, none yet");
      await visit(page, "/campaigns", "campaigns, signed in");
      await visit(page, await firstLink(page, "/campaigns/"), "a campaign (signed in)");

      await page.goto(PLENTY);
      const add = page.getByRole("button", { name: "Add to cart" }).first();
      await expectHydrated(add);
      await add.click();
      await expect(page.getByTestId("add-to-cart-status").first()).toContainText(/reserved for you/i);
      await expectPageSound(page, "product page after Add to cart");

      await visit(page, "/cart", "cart, one item");
      await visit(page, "/checkout", "checkout");
      const pay = page.getByTestId("checkout-form").getByRole("button", { name: /^(pay\b|place order)/i });
      await expectHydrated(pay);
      // Submitted empty: the field errors are part of the page too.
      await page.getByLabel("Full name").fill("");
      await pay.click();
      await expect(page.getByLabel("Full name")).toHaveAttribute("aria-invalid", "true");
      await expectPageSound(page, "checkout with field errors");

      await fillAddress(page);
      await chooseTestCard(page, "4242 4242 4242 4242");
      await pay.click();
      await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/, { timeout: 30_000 });
      await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "PAID");
      await expectPageSound(page, "order page, paid");

      await visit(page, "/orders", "orders list");
      await visit(page, "/notifications", "notifications, one unread");
    });
  });
}
