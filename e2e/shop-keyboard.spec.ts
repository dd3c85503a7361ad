// Keyboard only: sign up, sign out, sign in, search, add to cart, check out and pay
// without a mouse. Nothing here clicks or fills: focus moves with Tab, text is typed, and Enter
// or Space presses what has focus. page.goto is used once, to open the sign-up page.
import { expect, test, type Locator, type Page } from "@playwright/test";
import { expectHydrated } from "@/e2e/support/a11y";
import { PASSWORD, newPerson } from "@/e2e/support/accounts";
import { DEMO_PRODUCTS } from "@/scripts/demo-data";

/** How a focused element reads in a failure message. */
function describeFocus(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return "<body>";
    const label = element.getAttribute("aria-label") ?? (element as HTMLInputElement).labels?.[0]?.textContent ?? element.textContent ?? "";
    const name = element.getAttribute("name");
    return `<${element.tagName.toLowerCase()}${name ? ` name="${name}"` : ""}> "${label.replace(/\s+/g, " ").trim().slice(0, 40)}"`;
  });
}

/** Presses Tab until `target` has focus (at most `max` presses), as a keyboard user would. */
async function tabTo(page: Page, target: Locator, max = 80): Promise<void> {
  await target.waitFor({ state: "visible" });
  const visited: string[] = [];
  for (let presses = 0; presses <= max; presses++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    if (presses === max) break;
    await page.keyboard.press("Tab");
    visited.push(await describeFocus(page));
  }
  throw new Error(`${max} presses of Tab never reached ${target.toString()}; focus went through:\n  ${visited.join("\n  ")}`);
}

/** Tabs to a field and types into it. */
async function typeInto(page: Page, field: Locator, text: string): Promise<void> {
  await tabTo(page, field);
  await page.keyboard.type(text);
  await expect(field).toHaveValue(text);
}

const mug = DEMO_PRODUCTS.find((p) => p.model === "Stoneware Mug")!;

test("keyboard only: sign up, sign out, sign in, find a product, add it to the cart, check out and pay", async ({ page }) => {
  test.setTimeout(120_000);
  const person = newPerson("keys");
  const header = page.getByRole("banner");
  const main = page.getByRole("main");

  // Sign up.
  await page.goto("/sign-up");
  await expectHydrated(page.getByRole("button", { name: "Create account" }));
  await typeInto(page, page.getByLabel("Name"), person.name);
  await typeInto(page, page.getByLabel("Email"), person.email);
  await typeInto(page, page.getByLabel("Phone"), person.phone);
  await typeInto(page, page.getByLabel("Password"), PASSWORD);
  await tabTo(page, page.getByRole("button", { name: "Create account" }));
  await page.keyboard.press("Enter");
  await expect(page.locator(".account-menu__name")).toHaveText(person.name, { timeout: 30_000 });

  // Sign out, then sign in again from the header's link.
  const signOut = header.getByRole("button", { name: "Sign out" });
  await expectHydrated(signOut);
  await tabTo(page, signOut);
  await page.keyboard.press("Enter");
  const signInLink = header.getByRole("link", { name: "Sign in" });
  await tabTo(page, signInLink);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/sign-in/);
  await expectHydrated(page.getByRole("button", { name: "Sign in" }));
  await typeInto(page, page.getByLabel("Email"), person.email);
  await typeInto(page, page.getByLabel("Password"), PASSWORD);
  await page.keyboard.press("Enter");
  await expect(page.locator(".account-menu__name")).toHaveText(person.name, { timeout: 30_000 });

  // Search from the header, then open the product from the results.
  const search = header.getByRole("searchbox", { name: "Search products" });
  await expectHydrated(search);
  await typeInto(page, search, mug.model);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/products\?q=Stoneware/);
  await tabTo(page, main.getByRole("link", { name: new RegExp(mug.title.split(" ").slice(0, 3).join(" ")) }).first());
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/products\/fjell-stoneware-mug/);

  // Add to cart with Space, as a button is pressed.
  const add = main.getByRole("button", { name: "Add to cart" }).first();
  await expectHydrated(add);
  await tabTo(page, add);
  await page.keyboard.press("Space");
  await expect(main.getByTestId("add-to-cart-status").first()).toContainText(/reserved for you/i);

  // To the cart and on to checkout.
  await tabTo(page, main.getByRole("link", { name: /view cart/i }).first());
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/cart$/);
  await tabTo(
    page,
    main
      .getByRole("link", { name: /go to checkout|checkout|place order/i })
      .or(main.getByRole("button", { name: /go to checkout|checkout|place order/i }))
      .first(),
  );
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/checkout$/);

  // The checkout form, typed; the country picked by typing its name on the select.
  const form = page.getByTestId("checkout-form");
  const pay = form.getByRole("button", { name: /^(pay\b|place order)/i });
  await expectHydrated(pay);
  await expect(form.getByLabel("Email")).toHaveValue(person.email);
  await typeInto(page, form.getByLabel("Full name"), "Kim Keys");
  await typeInto(page, form.getByLabel("Street address"), "Mannerheimintie 1");
  await typeInto(page, form.getByLabel("City"), "Helsinki");
  await typeInto(page, form.getByLabel("Postal code"), "00100");
  const country = form.getByLabel("Country");
  await tabTo(page, country);
  await page.keyboard.type("Finland");
  await expect(country).toHaveValue("FI");
  // The test-card picker is a radio group: arrow keys move the choice, starting on 4242 4242 4242 4242.
  const visa = form.getByRole("radio", { name: /^4242 4242 4242 4242\b/ });
  await tabTo(page, visa);
  await page.keyboard.press("ArrowDown");
  await expect(form.getByRole("radio", { name: /^5555 5555 5555 4444\b/ })).toBeChecked();
  await page.keyboard.press("ArrowUp");
  await expect(visa).toBeChecked();
  await tabTo(page, pay);
  await page.keyboard.press("Enter");

  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "PAID");
  await expect(page.getByTestId("order-confirmation")).toContainText("Visa ending in 4242");
});
