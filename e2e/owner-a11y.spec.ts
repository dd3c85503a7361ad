// Every page of the owners' dashboard, at a desktop and a phone width: no sideways page
// scroll, and axe-core finds nothing serious or critical. The checks are soft, so a
// failing run lists every page that fails.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { VIEWPORTS, expectHydrated, expectPageSound } from "@/e2e/support/a11y";
import { signIn } from "@/e2e/support/accounts";
import { chooseTestCard, fillAddress, signUpCustomer } from "@/e2e/support/shoppers";
import { DEMO_PRODUCTS, DEMO_USERS, demoProductSlug } from "@/scripts/demo-data";

// Sold only by the first demo owner's shop (Harbour & Pine), with plenty of stock.
const mug = DEMO_PRODUCTS.find((p) => p.model === "Stoneware Mug")!;

/** A new customer buys one mug from the first owner's shop and pays: an order on the dashboard. */
async function placeOrderWithOwner1(browser: Browser, baseURL: string): Promise<void> {
  const page = await signUpCustomer(browser, baseURL, "a11y-buyer");
  await page.goto(`/products/${demoProductSlug(mug)}`);
  const add = page.getByRole("button", { name: "Add to cart" }).first();
  await expectHydrated(add);
  await add.click();
  await expect(page.getByTestId("add-to-cart-status").first()).toContainText(/reserved for you/i);
  await page.goto("/checkout");
  const pay = page.getByTestId("checkout-form").getByRole("button", { name: /^(pay\b|place order)/i });
  await expectHydrated(pay);
  await fillAddress(page);
  await chooseTestCard(page, "4242 4242 4242 4242");
  await pay.click();
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "PAID", { timeout: 30_000 });
  await page.context().close();
}

async function visit(page: Page, path: string, label: string): Promise<void> {
  await page.goto(path);
  await expectPageSound(page, label);
}

/** The first link in the page's main content to one item under `prefix` (not its "new" page). */
async function firstItemLink(page: Page, prefix: string): Promise<string> {
  const href = await page.locator(`main a[href^="${prefix}"]:not([href$="/new"])`).first().getAttribute("href");
  if (!href) throw new Error(`no link to ${prefix}… on ${page.url()}`);
  return href;
}

for (const viewport of VIEWPORTS) {
  test.describe(`owner pages at ${viewport.width}x${viewport.height}`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });

    test("dashboard, listings, orders", async ({ page, browser, baseURL }) => {
      test.setTimeout(180_000);
      await placeOrderWithOwner1(browser, baseURL!);
      await signIn(page, DEMO_USERS.owner1);
      await visit(page, "/dashboard", "dashboard home (listings)");
      await visit(page, await firstItemLink(page, "/dashboard/listings/"), "a listing");
      await visit(page, "/dashboard/listings/new", "new listing");
      await visit(page, "/dashboard/orders", "orders");
      await visit(page, await firstItemLink(page, "/dashboard/orders/"), "an order");
    });

    test("flash sales and coupon campaigns", async ({ page }) => {
      test.setTimeout(120_000);
      await signIn(page, DEMO_USERS.owner1);
      await visit(page, "/dashboard/sales", "flash sales");
      await visit(page, await firstItemLink(page, "/dashboard/sales/"), "a flash sale");
      await visit(page, "/dashboard/sales/new", "new flash sale");
      await visit(page, "/dashboard/campaigns", "campaigns");
      await visit(page, await firstItemLink(page, "/dashboard/campaigns/"), "a campaign");
      await visit(page, "/dashboard/campaigns/new", "new campaign");
    });

    test("open a shop (a customer without one)", async ({ page }) => {
      await signIn(page, DEMO_USERS.customer);
      await visit(page, "/dashboard/open-shop", "open a shop");
    });
  });
}
