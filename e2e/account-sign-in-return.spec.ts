// Signing in from the header brings a shopper back to the page they were on; opening the
// sign-in page directly lands a shop owner on their dashboard and a customer on the storefront.
import { expect, test } from "@playwright/test";
import { PASSWORD, fillSignUp, newPerson, submitSignUp } from "@/e2e/support/accounts";
import { DEMO_PRODUCTS, DEMO_USERS, demoProductSlug } from "@/scripts/demo-data";

test("the header's Sign in and Sign up come back to the page the visitor was on", async ({ browser }) => {
  // An account to sign in with, made in a context of its own.
  const maker = await browser.newContext();
  const person = newPerson("returner");
  const makerPage = await maker.newPage();
  await submitSignUp(makerPage, person);
  await expect(makerPage.locator(".account-menu__name")).toHaveText(person.name, { timeout: 30_000 });
  await maker.close();

  const page = await (await browser.newContext()).newPage();
  const header = page.getByRole("banner");
  await page.goto("/products?q=halo&stock=in");
  await header.getByRole("link", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fproducts%3Fq%3Dhalo%26stock%3Din$/);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator(".account-menu__name")).toHaveText(person.name, { timeout: 30_000 });
  await expect(page).toHaveURL(/\/products\?q=halo&stock=in$/);

  // A new visitor on a product page creates an account from the header: back on the product.
  const productPath = `/products/${demoProductSlug(DEMO_PRODUCTS[0]!)}`;
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(productPath);
  await visitor.getByRole("banner").getByRole("link", { name: "Sign up" }).click();
  await expect(visitor).toHaveURL(/\/sign-up\?callbackUrl=/);
  const newcomer = newPerson("joiner");
  await fillSignUp(visitor, newcomer);
  await expect(visitor.locator(".account-menu__name")).toHaveText(newcomer.name, { timeout: 30_000 });
  await expect(visitor).toHaveURL(new RegExp(`${productPath}$`));
});

test("signing in on the sign-in page itself lands an owner on the dashboard and a customer on the storefront", async ({ browser }) => {
  for (const [account, landing] of [
    [DEMO_USERS.owner1, /\/dashboard$/],
    [DEMO_USERS.customer, /:\d+\/$/],
  ] as const) {
    const page = await (await browser.newContext()).newPage();
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(account.email);
    await page.getByLabel("Password").fill(account.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.locator(".account-menu__name")).toHaveText(account.name, { timeout: 30_000 });
    await expect(page).toHaveURL(landing);
    await page.context().close();
  }
});
