// Browser-side fixtures the cart specs share: a signed-up customer in a context of its own,
// a fresh product with exactly one unit, listed by a seeded owner through the dashboard, and
// the checkout form's address.
import { expect, type Browser, type Locator, type Page } from "@playwright/test";
import { newPerson, signIn, submitSignUp } from "@/e2e/support/accounts";
import { DEMO_USERS } from "@/scripts/demo-data";

/** A new customer, signed up through the form, in a browser context of their own. */
export async function signUpCustomer(browser: Browser, baseURL: string, role: string): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  const person = newPerson(role);
  await submitSignUp(page, person);
  // Password hashing is deliberately slow: a dozen sign-ups at once queue on 2 cores.
  await expect(page.locator(".account-menu__name")).toHaveText(person.name, { timeout: 30_000 });
  return page;
}

export interface OneUnit {
  /** The product page in the catalogue. */
  productPath: string;
  listingId: string;
}

/** A seeded owner lists a fresh product with exactly one unit. */
export async function listOneUnit(browser: Browser, baseURL: string): Promise<OneUnit> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await signIn(page, DEMO_USERS.owner2);

  await page.goto("/dashboard/listings/new");
  await page.getByLabel("Brand").fill("Hourglass");
  await page.getByLabel("Model").fill(`Last One ${newPerson("x").tag}`);
  await page.getByLabel("Price (€)").fill("19.90");
  await page.getByLabel("Units in stock").fill("1");
  await page.getByRole("button", { name: "List product" }).click();
  await expect(page).toHaveURL(/\/dashboard\/listings\/[0-9a-f-]{36}$/);
  const listingId = new URL(page.url()).pathname.split("/").pop() ?? "";
  const productPath = await page.getByRole("link", { name: "View in the catalogue" }).getAttribute("href");
  await context.close();
  if (!productPath) throw new Error("no catalogue link on the listing page");
  return { productPath, listingId };
}

export interface Address {
  name: string;
  street: string;
  city: string;
  postalCode: string;
  /** The country's option value, such as "FI". */
  country: string;
}

/** Fills the checkout form's shipping address (Ann's in Helsinki unless told otherwise). */
export async function fillAddress(page: Page, address: Partial<Address> = {}): Promise<void> {
  const { name, street, city, postalCode, country } = {
    name: "Ann Buyer",
    street: "Mannerheimintie 1",
    city: "Helsinki",
    postalCode: "00100",
    country: "FI",
    ...address,
  };
  await page.getByLabel("Full name").fill(name);
  await page.getByLabel("Street address").fill(street);
  await page.getByLabel("City").fill(city);
  await page.getByLabel("Postal code").fill(postalCode);
  await page.getByLabel("Country").selectOption(country);
}

/** Picks one of the checkout's test cards by its (public, test) number: the browser posts only its PaymentMethod id. */
export async function chooseTestCard(scope: Page | Locator, number: string): Promise<void> {
  await scope.getByRole("radio", { name: new RegExp(`^${number}\\b`) }).check();
}
