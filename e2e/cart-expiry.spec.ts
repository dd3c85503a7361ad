import { expect, test } from "@playwright/test";
import { waitForHydration } from "@/e2e/support/hydration";
import { chooseTestCard, fillAddress, listOneUnit, signUpCustomer } from "@/e2e/support/shoppers";

// The second e2e server runs the same app with CART_HOLD_TTL=4s (scripts/e2e-server.ts).
const port = Number(process.env.E2E_PORT ?? 3100);
const fastServer = `http://localhost:${port + 1}`;
const CRON_SECRET = "e2e-cron-secret-0123456789";
test("one unit, two customers: the first holds it with a countdown, the second gets it once the hold expires", async ({ browser }) => {
  test.setTimeout(120_000);
  const { productPath } = await listOneUnit(browser, fastServer);
  const [alice, bob] = await Promise.all([signUpCustomer(browser, fastServer, "alice"), signUpCustomer(browser, fastServer, "bob")]);

  // Bob is looking at the product page before anyone adds it.
  await bob.goto(productPath);
  const bobRow = bob.getByTestId("listing-row");
  await expect(bobRow.getByTestId("live-availability")).toContainText("Only 1 left");

  // Alice adds the only unit: it is reserved for her, with a live countdown (4 s holds here).
  await alice.goto(productPath);
  const aliceRow = alice.getByTestId("listing-row");
  await aliceRow.getByRole("button", { name: "Add to cart" }).click();
  const aliceStatus = aliceRow.getByTestId("add-to-cart-status");
  await expect(aliceStatus).toContainText("Reserved for you until");
  await expect(aliceStatus.getByTestId("hold-countdown")).toHaveText(/^0:0[0-4] left$/);
  await expect(alice.getByTestId("cart-count")).toHaveText("1");

  // Bob's page, not reloaded, sees it go: sold out, one in someone else's cart.
  await expect(bobRow.getByTestId("live-availability")).toContainText("Sold out");
  await expect(bobRow.getByTestId("live-availability")).toContainText("1 in other carts");

  // The hold runs out. No sweep is needed: Bob's page shows it free again and he gets it.
  await expect(aliceStatus).toContainText("Your hold ran out", { timeout: 8_000 });
  await expect(bobRow.getByTestId("live-availability")).toContainText("Only 1 left", { timeout: 8_000 });
  await bobRow.getByRole("button", { name: "Add to cart" }).click();
  const bobStatus = bobRow.getByTestId("add-to-cart-status");
  await expect(bobStatus).toContainText("Reserved for you until");
  await expect(bobStatus.getByTestId("hold-countdown")).toBeVisible();
  // What the two carts then say is checked on the 1-hour server (e2e/cart-reserve-again.spec.ts):
  // here Bob's own 4 s hold could lapse before his cart page loads on a busy machine.
});

test("a declined card at checkout leaves one order that waits for another card until its deadline", async ({ browser }) => {
  const { productPath } = await listOneUnit(browser, fastServer);
  const carol = await signUpCustomer(browser, fastServer, "carol");
  await carol.goto(productPath);
  await carol.getByTestId("listing-row").getByRole("button", { name: "Add to cart" }).click();
  await expect(carol.getByTestId("add-to-cart-status")).toContainText("Reserved for you");

  await carol.goto("/checkout");
  // Hydrated before typing and clicking: the double click must run the action twice, not post the page.
  await waitForHydration(carol, '[data-testid="pay"]');
  await fillAddress(carol, { name: "Carol Buyer", street: "Aleksanterinkatu 2", postalCode: "00170" });
  await chooseTestCard(carol, "4000 0000 0000 0002");
  // A double click still makes one order (the form carries one idempotency key).
  await carol.getByTestId("pay").dblclick();
  await expect(carol).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
  await expect(carol.getByTestId("order-status")).toHaveAttribute("data-status", "PENDING_PAYMENT");
  await expect(carol.getByTestId("payment-note")).toContainText("Your payment did not go through");
  await expect(carol.getByTestId("payment-note").getByTestId("hold-countdown")).toHaveText(/^2[34]:\d\d:\d\d left$/);
  await carol.goto("/orders");
  await expect(carol.getByTestId("orders").getByRole("row")).toHaveCount(2);
  await carol.goto("/cart");
  await expect(carol.getByRole("heading", { name: "Your cart is empty" })).toBeVisible();
});

test("cron routes refuse a missing or wrong secret and answer with counts for the right one", async ({ request }) => {
  for (const path of ["/api/cron/release-holds", "/api/cron/cancel-unpaid-orders"]) {
    expect((await request.get(path)).status()).toBe(401);
    expect((await request.get(path, { headers: { authorization: "Bearer not-the-secret" } })).status()).toBe(401);
    const response = await request.get(path, { headers: { authorization: `Bearer ${CRON_SECRET}` } });
    expect(response.status()).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true });
  }
});
