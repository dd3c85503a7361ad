import { expect, test } from "@playwright/test";
import { signIn } from "@/e2e/support/accounts";
import { waitForHydration } from "@/e2e/support/hydration";
import { signUpCustomer } from "@/e2e/support/shoppers";
import { DEMO_FLASH_SALES, DEMO_SHOPS, DEMO_USERS, demoProductSlug } from "@/scripts/demo-data";

// The demo data's live sale (Pebble speaker at Harbour & Pine) and the one about to start.
const [live, upcoming] = DEMO_FLASH_SALES;

test("the product page shows a live flash sale with its counter and countdown, and a coming one with its start", async ({ page }) => {
  await page.goto(`/products/${demoProductSlug(live!.product)}`);
  const banner = page.getByTestId("sale-banner");
  await expect(banner).toHaveAttribute("data-phase", "live");
  await expect(banner).toContainText(`Flash sale at ${DEMO_SHOPS[live!.shop].name}`);
  await expect(banner).toContainText("€59.00");
  await expect(banner.getByTestId("sale-counter")).toHaveText(`${live!.slots} of ${live!.slots} discounted left`);
  await expect(banner.getByTestId("countdown")).toHaveText(/^Ends in \d+ d \d+:\d{2}:\d{2}$/);

  await page.goto(`/products/${demoProductSlug(upcoming!.product)}`);
  const next = page.getByTestId("sale-banner");
  await expect(next).toHaveAttribute("data-phase", "upcoming");
  await expect(next.getByTestId("countdown")).toHaveText(/^Starts in [0-2]:\d{2}:\d{2}$/);
});

test("the cart says a line's flash-sale price is won at checkout while slots are left", async ({ browser, baseURL }) => {
  const shopper = await signUpCustomer(browser, baseURL!, "sale-cart");
  await shopper.goto(`/products/${demoProductSlug(live!.product)}`);
  await waitForHydration(shopper, '[data-testid="listing-row"] form button[type="submit"]');
  const offer = shopper.getByTestId("listing-row").filter({ hasText: DEMO_SHOPS[live!.shop].name });
  await offer.getByRole("button", { name: "Add to cart" }).click();
  await expect(offer.getByTestId("add-to-cart-status")).toContainText("Reserved for you");
  await shopper.goto("/cart");
  const line = shopper.getByTestId("cart-line");
  await expect(line.getByTestId("line-sale")).toHaveText(
    /^Flash sale: one at €59\.00 if a sale slot is still left when you pay \(\d+ left\)\.$/,
  );
  // The checkout's pay button says the most it charges, and what the sale may take off.
  await shopper.goto("/checkout");
  await expect(shopper.getByTestId("pay")).toHaveText("Pay €79.00");
  await expect(shopper.getByTestId("pay-note")).toHaveText(
    /^You pay at most €79\.00\. If a flash-sale slot is still left when you pay, one Aurora Audio Pebble Bluetooth Speaker \(Slate\) is €59\.00\./,
  );
  await shopper.goto("/cart");
  // Leave the unit for the other tests.
  await waitForHydration(shopper, '[data-testid="cart-line"] form button[type="submit"]');
  await line.getByRole("button", { name: /^Remove/ }).click();
  await expect(shopper.getByTestId("cart-line")).toHaveCount(0);
});

test("an owner sees the sale's progress and gets a field error for more discounted units than the stock", async ({ page }) => {
  await signIn(page, DEMO_USERS.owner1);

  await page.goto("/dashboard");
  await page.getByRole("navigation", { name: "Shop dashboard" }).getByRole("link", { name: "Flash sales" }).click();
  await expect(page).toHaveURL(/\/dashboard\/sales$/);
  const row = page.getByTestId("sales-table").getByRole("row", { name: /Pebble/ });
  await expect(row.getByRole("progressbar")).toHaveAttribute("aria-valuemax", String(live!.slots));

  await page.getByRole("link", { name: "New flash sale" }).click();
  await page.getByLabel("Listing").selectOption({ label: "Aurora Audio Halo 2 Wireless Headphones (Sand) (6 on hand)" });
  await page.getByLabel("Percent off").fill("15");
  await page.getByLabel("Units at the sale price").fill("7");
  await expect(page.getByLabel("Ends")).not.toHaveValue("");
  await page.getByRole("button", { name: "Create flash sale" }).click();
  await expect(page.locator("#field-slots-error")).toHaveText("The listing has 6 units on hand: offer at most 6 at the sale price.");
  await expect(page.getByLabel("Percent off")).toHaveValue("15");
});
