// Signing in from "Add to cart" finishes what the shopper started: back on the product with
// the item in the cart.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { PASSWORD, fillSignUp, newPerson, submitSignUp, type Person } from "@/e2e/support/accounts";
import { waitForHydration } from "@/e2e/support/hydration";
import { listOneUnit } from "@/e2e/support/shoppers";

/** A signed-out visitor presses Add to cart on the product and follows the refusal's sign-in link. */
async function addWhileSignedOut(browser: Browser, baseURL: string, productPath: string, listingId: string): Promise<Page> {
  const page = await (await browser.newContext({ baseURL })).newPage();
  await page.goto(productPath);
  await waitForHydration(page, "button", "Add to cart");
  const row = page.getByTestId("listing-row");
  await row.getByRole("button", { name: "Add to cart" }).click();
  await row.getByRole("link", { name: /sign in/i }).click();
  await expect(page).toHaveURL(new RegExp(`/sign-in\\?.*add=${listingId}`));
  await expect(page.getByText("Sign in to add this item to your cart.")).toBeVisible();
  return page;
}

async function expectAddedOnce(page: Page, productPath: string, listingId: string): Promise<void> {
  await expect(page).toHaveURL(new RegExp(`${productPath}\\?added=${listingId}$`), { timeout: 30_000 });
  await expect(page.getByTestId("after-sign-in")).toHaveText(/^You’re signed in, and it is in your cart from .+, reserved for you\.$/);
  await expect(page.getByTestId("cart-count")).toHaveText("1");
  await page.goto("/cart");
  await expect(page.getByTestId("cart-line")).toHaveCount(1);
  await expect(
    page
      .getByTestId("cart-line")
      .getByRole("link", { name: /Last One/ })
      .first(),
  ).toBeVisible();
}

async function newAccount(browser: Browser, baseURL: string): Promise<Person> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  const person = newPerson("adder");
  await submitSignUp(page, person);
  await expect(page.locator(".account-menu__name")).toHaveText(person.name, { timeout: 30_000 });
  await context.close();
  return person;
}

test("signed out, Add to cart, Sign in: back on the product with the item in the cart", async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const { productPath, listingId } = await listOneUnit(browser, baseURL!);
  const person = await newAccount(browser, baseURL!);

  const page = await addWhileSignedOut(browser, baseURL!, productPath, listingId);
  await waitForHydration(page, "button", "Sign in");
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expectAddedOnce(page, productPath, listingId);
});

test("signed out, Add to cart, then creating an account instead: the item is added too", async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const { productPath, listingId } = await listOneUnit(browser, baseURL!);
  const page = await addWhileSignedOut(browser, baseURL!, productPath, listingId);
  await page.getByRole("link", { name: "Create an account" }).click();
  await expect(page).toHaveURL(new RegExp(`/sign-up\\?.*add=${listingId}`));
  await expect(page.getByText("Create an account to add this item to your cart.")).toBeVisible();
  await waitForHydration(page, "button", "Create account");
  await fillSignUp(page, newPerson("joiner"));
  await expectAddedOnce(page, productPath, listingId);
});
