import { expect, test, type Browser, type Page } from "@playwright/test";
import { fillSignUp, newPerson, signIn } from "@/e2e/support/accounts";
import { waitForHydration } from "@/e2e/support/hydration";
import { listOneUnit, signUpCustomer } from "@/e2e/support/shoppers";
import { DEMO_USERS } from "@/scripts/demo-data";

const PHONE = { width: 390, height: 844 };

/** The owner who listed it receives `units` more through the listing's dashboard page. */
async function receiveStock(browser: Browser, baseURL: string, listingId: string, units: number): Promise<void> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await signIn(page, DEMO_USERS.owner2);
  await page.goto(`/dashboard/listings/${listingId}`);
  await waitForHydration(page, 'button[type="submit"]', "Receive");
  await page.getByLabel("Units received").fill(String(units));
  await page.getByRole("button", { name: "Receive", exact: true }).click();
  await expect(page.locator("#receive-status")).toContainText(`Received ${units} unit`);
  await context.close();
}

/** The page does not scroll sideways (a phone's 390 px). */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
}

async function joinWaitlist(page: Page, productPath: string): Promise<void> {
  await page.goto(productPath);
  const row = page.getByTestId("listing-row");
  await expect(row.getByTestId("live-availability")).toContainText("Sold out");
  await expect(row.getByRole("button", { name: "Add to cart" })).toHaveCount(0);
  await waitForHydration(page, '[data-testid="notify-me"] button', "Notify me when it's back");
  await row.getByRole("button", { name: "Notify me when it's back" }).click();
  await expect(row.getByTestId("waitlist-waiting")).toHaveText("You're on the list — we'll reserve one for you when it's back.");
  // The answer is announced and focused, so a keyboard user is not dropped on the page body.
  await expect(row.getByTestId("waitlist-status")).toBeFocused();
  await expect(row.getByRole("button", { name: "Leave the list" })).toBeVisible();
}

test("a sold-out product offers 'Notify me', and the first waiting customer gets the unit that comes back", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const base = baseURL ?? "";
  const { productPath, listingId } = await listOneUnit(browser, base);
  const [alice, bob, carol] = await Promise.all([
    signUpCustomer(browser, base, "alice"),
    signUpCustomer(browser, base, "bob"),
    signUpCustomer(browser, base, "carol"),
  ]);

  // Alice takes the only unit: the product is sold out.
  await alice.goto(productPath);
  await alice.getByTestId("listing-row").getByRole("button", { name: "Add to cart" }).click();
  await expect(alice.getByTestId("add-to-cart-status")).toContainText("Reserved for you");

  // A visitor is asked to sign in first, and comes back to this product.
  const visitor = await (await browser.newContext({ baseURL: base, viewport: PHONE })).newPage();
  await visitor.goto(productPath);
  await waitForHydration(visitor, '[data-testid="notify-me"] button', "Notify me when it's back");
  await visitor.getByRole("button", { name: "Notify me when it's back" }).click();
  const visitorStatus = visitor.getByTestId("waitlist-status");
  await expect(visitorStatus).toContainText("Please sign in first.");
  const signInHref = `/sign-in?${new URLSearchParams({ callbackUrl: productPath, wait: listingId }).toString()}`;
  await expect(visitorStatus.getByRole("link", { name: "Sign in" })).toHaveAttribute("href", signInHref);
  await expectNoSidewaysScroll(visitor);

  // Bob joins first, Carol second (on a phone). Their pages say so after a reload too (the polled flag).
  await joinWaitlist(bob, productPath);
  await carol.setViewportSize(PHONE);
  await joinWaitlist(carol, productPath);
  await expectNoSidewaysScroll(carol);
  await bob.reload();
  await expect(bob.getByTestId("waitlist-waiting")).toBeVisible();

  // One unit comes back: the owner receives it through the dashboard.
  await receiveStock(browser, base, listingId, 1);

  // Bob is told, and the unit is reserved in his cart.
  await bob.goto("/notifications");
  await expect(bob.getByTestId("notification-count")).toHaveText("1");
  const notice = bob.getByTestId("notification").filter({ hasText: "Back in stock — reserved for you" });
  // The time is the hold's end in the reader's own zone and locale, not the mail's UTC.
  const until = notice.locator("time").first();
  await expect(notice).toContainText(/is back — 1 is reserved in your cart until \S.*\d.*\./);
  await expect(notice).not.toContainText("UTC");
  const heldUntil = await until.getAttribute("datetime");
  expect(
    await bob.evaluate(
      (iso) => new Date(iso).toLocaleString([], { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" }),
      heldUntil!,
    ),
  ).toBe(await until.textContent());
  await notice.getByRole("link", { name: "Go to your cart" }).click();
  await expect(bob).toHaveURL(/\/cart$/);
  const line = bob.getByTestId("cart-line");
  await expect(line).toHaveCount(1);
  await expect(line).toHaveAttribute("data-status", "reserved");
  await expect(line.getByTestId("hold-state")).toContainText("Reserved for you");
  await expect(line.locator(`time[datetime="${heldUntil}"]`)).toHaveCount(1);

  // Carol, second in line, is still waiting: nothing was promised to her.
  await carol.goto("/notifications");
  await expect(carol.getByTestId("notification").filter({ hasText: "Back in stock" })).toHaveCount(0);
  await carol.goto(productPath);
  await expect(carol.getByTestId("waitlist-waiting")).toBeVisible();
  await carol.goto("/cart");
  await expect(carol.getByTestId("cart-line")).toHaveCount(0);

  // The visitor follows "Sign in", creates an account instead, and comes back on the list (behind
  // Carol). By now the unit came back and went to Bob: the visitor's page, polling, may have
  // shown "Add to cart" for that moment and a fresh "Notify me" after it, so the link is
  // followed as it was offered.
  await visitor.goto(signInHref);
  await expect(visitor.getByText("Sign in to hear when this item is back: we'll reserve one for you.")).toBeVisible();
  await visitor.getByRole("link", { name: "Create an account" }).click();
  await expect(visitor).toHaveURL(new RegExp(`/sign-up\\?.*wait=${listingId}`));
  await waitForHydration(visitor, "button", "Create account");
  await fillSignUp(visitor, newPerson("dan"));
  await expect(visitor).toHaveURL(new RegExp(`${productPath}\\?waiting=${listingId}$`), { timeout: 30_000 });
  await expect(visitor.getByTestId("after-sign-in")).toHaveText(
    /^You’re signed in and on the list for .+: we’ll reserve one for you when it’s back\.$/,
  );
  await expect(visitor.getByTestId("listing-row").getByTestId("waitlist-waiting")).toBeVisible();
  await expectNoSidewaysScroll(visitor);
});
