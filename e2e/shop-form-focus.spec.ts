// Where focus goes after a form answers : a failed checkout puts the
// keyboard on the first field to fix instead of dropping it to the page body, and a 404 keeps
// the shop's header and search so a mistyped address is not a dead end.
import { expect, test, type Page } from "@playwright/test";
import { lapseHolds } from "@/e2e/support/database";
import { waitForHydration } from "@/e2e/support/hydration";
import { chooseTestCard, fillAddress, listOneUnit, signUpCustomer } from "@/e2e/support/shoppers";
import { DEMO_PRODUCTS, demoProductSlug } from "@/scripts/demo-data";

const port = Number(process.env.E2E_PORT ?? 3100);
const mainServer = `http://localhost:${port}`;

// Plenty of stock (40 units): parallel specs adding one each never run it out.
const mug = DEMO_PRODUCTS.find((product) => product.model === "Stoneware Mug" && product.variant === "Oat");
if (!mug) throw new Error("no demo Stoneware Mug in Oat");
const mugPath = `/products/${demoProductSlug(mug)}`;

async function toCheckout(page: Page): Promise<void> {
  await page.goto(mugPath);
  const add = page.getByTestId("listing-row").first().getByRole("button", { name: "Add to cart" });
  await waitForHydration(page, '[data-testid="listing-row"] button[type="submit"]');
  await add.click();
  await expect(page.getByTestId("add-to-cart-status").first()).toContainText(/reserved for you/i);
  await page.goto("/checkout");
  await waitForHydration(page, '[data-testid="checkout-form"] button[type="submit"]');
}

const activeElementId = (page: Page) =>
  page.evaluate(() => (document.activeElement === document.body ? "body" : (document.activeElement?.id ?? null)));

test("a checkout submitted with an empty required field puts focus on that field, not the page body", async ({ browser }) => {
  const page = await signUpCustomer(browser, mainServer, "focus");
  await toCheckout(page);
  // The first render leaves focus alone.
  expect(await activeElementId(page)).toBe("body");

  await fillAddress(page);
  await chooseTestCard(page, "4242 4242 4242 4242");
  // Not the form's first field: focus must find the one that is wrong, in the order of the page.
  const street = page.getByLabel("Street address");
  await street.fill("");
  await page
    .getByTestId("checkout-form")
    .getByRole("button", { name: /^Pay €/ })
    .press("Enter");

  await expect(street).toHaveAttribute("aria-invalid", "true");
  await expect(street).toBeFocused();
  // The error is read out with the field, and nothing typed elsewhere was lost.
  await expect(street).toHaveAttribute("aria-describedby", /field-street-error/);
  await expect(page.locator("#field-street-error")).not.toBeEmpty();
  await expect(page.getByLabel("City")).toHaveValue("Helsinki");

  // Typed in again, the next submission goes through to the order.
  await street.fill("Mannerheimintie 1");
  await page
    .getByTestId("checkout-form")
    .getByRole("button", { name: /^Pay €/ })
    .click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "PAID", { timeout: 30_000 });

  // "Mark as read" disappears with its success: focus lands on the notification it marked, not the body.
  await page.goto("/notifications");
  const notification = page.getByTestId("notification").first();
  await waitForHydration(page, '[data-testid="notification"] form button[type="submit"]');
  await notification.getByRole("button", { name: /as read$/ }).press("Enter");
  await expect(notification).toHaveAttribute("data-read", "true");
  await expect(notification).toBeFocused();
});

test("a checkout refused with no field to fix (the only item sold out meanwhile) puts focus on the notice that says so", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  // The main server's 1-hour holds: Alice's is made to lapse with an UPDATE (the fast server's
  // 4 s holds raced the test: on a busy machine Bob's lapsed too, and Alice's checkout got it).
  const { productPath, listingId } = await listOneUnit(browser, mainServer);
  const [alice, bob] = await Promise.all([signUpCustomer(browser, mainServer, "alice"), signUpCustomer(browser, mainServer, "bob")]);

  // Alice's hold on the only unit runs out and Bob takes it: her line stays, not reserved.
  await alice.goto(productPath);
  await waitForHydration(alice, '[data-testid="listing-row"] button[type="submit"]');
  await alice.getByTestId("listing-row").getByRole("button", { name: "Add to cart" }).click();
  await expect(alice.getByTestId("add-to-cart-status")).toContainText("Reserved for you");
  expect(await lapseHolds(listingId)).toBe(1);
  await bob.goto(productPath);
  await expect(bob.getByTestId("listing-row").getByTestId("live-availability")).toContainText("Only 1 left");
  await waitForHydration(bob, '[data-testid="listing-row"] button[type="submit"]');
  await bob.getByTestId("listing-row").getByRole("button", { name: "Add to cart" }).click();
  await expect(bob.getByTestId("add-to-cart-status")).toContainText("Reserved for you");

  await alice.goto("/checkout");
  await waitForHydration(alice, '[data-testid="checkout-form"] button[type="submit"]');
  await fillAddress(alice);
  await chooseTestCard(alice, "4242 4242 4242 4242");
  await alice
    .getByTestId("checkout-form")
    .getByRole("button", { name: /^Pay €/ })
    .press("Enter");

  const notice = alice.getByTestId("sold-out");
  await expect(notice).toContainText("Sold out while in your cart");
  await expect(notice).toBeFocused();
});

test("the 404 page has the shop's header with its search, a search of its own, and the ways back", async ({ page }) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();

  const header = page.getByRole("banner");
  await expect(header.getByRole("search")).toBeVisible();
  await expect(header.getByRole("searchbox", { name: "Search products" })).toBeVisible();
  await expect(header.getByRole("link", { name: "Catalogue" })).toBeVisible();
  await expect(page.getByRole("contentinfo")).toBeVisible();

  const main = page.getByRole("main");
  await expect(main.getByRole("link", { name: "Browse the catalogue" })).toHaveAttribute("href", "/products");
  await expect(main.getByRole("link", { name: "Home", exact: true })).toHaveAttribute("href", "/");
  await main.getByRole("searchbox", { name: "Search the catalogue" }).fill("mug");
  await main.getByRole("searchbox", { name: "Search the catalogue" }).press("Enter");
  await expect(page).toHaveURL(/\/products\?q=mug$/);
  await expect(page.getByRole("link", { name: /Stoneware Mug/ }).first()).toBeVisible();
});
