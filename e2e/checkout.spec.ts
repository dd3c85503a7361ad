import { expect, test, type Page } from "@playwright/test";
import { signIn } from "@/e2e/support/accounts";
import { waitForHydration } from "@/e2e/support/hydration";
import { chooseTestCard, fillAddress, listOneUnit, signUpCustomer } from "@/e2e/support/shoppers";
import { DEMO_USERS } from "@/scripts/demo-data";

// The main e2e server: 1-hour holds, payments through the in-process Stripe simulator.
const port = Number(process.env.E2E_PORT ?? 3100);
const mainServer = `http://localhost:${port}`;

/** React has hydrated the form with this test id: a click now runs the server action, not a plain form post. */
const waitForForm = (page: Page, testId: string) => waitForHydration(page, `[data-testid="${testId}"] button[type="submit"]`);

async function addToCartAndCheckOut(page: Page, productPath: string): Promise<void> {
  await page.goto(productPath);
  await page.getByTestId("listing-row").getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByTestId("add-to-cart-status")).toContainText("Reserved for you");
  await page.goto("/cart");
  await page.getByRole("link", { name: "Go to checkout" }).click();
  await expect(page).toHaveURL(/\/checkout$/);
  await expect(page.getByTestId("order-summary")).toContainText("Reserved for you");
  // Typed before hydration, the address would be reset by React's first render.
  await waitForForm(page, "checkout-form");
}

/** Picks a test card (the browser posts its PaymentMethod id, never the number) and pays. */
async function pay(page: Page, testId: string, cardNumber: string): Promise<void> {
  await waitForForm(page, testId);
  await chooseTestCard(page.getByTestId(testId), cardNumber);
  await page.getByTestId(testId).getByRole("button", { name: "Pay €19.90" }).click();
}

test("a customer pays with 4242 4242 4242 4242 and sees the confirmation and the notification (I9, I10)", async ({ browser }) => {
  const { productPath } = await listOneUnit(browser, mainServer);
  const ann = await signUpCustomer(browser, mainServer, "ann");
  await addToCartAndCheckOut(ann, productPath);
  await expect(ann.getByLabel("Email")).toHaveValue(/^ann-.*@example\.test$/);
  // No field takes a card number: the test cards are a picker, and a number typed anywhere
  // else is refused by the server with a field error; nothing typed is lost.
  await expect(ann.getByTestId("test-cards")).toContainText("No real money moves");
  await expect(ann.getByLabel("Card number")).toHaveCount(0);
  await fillAddress(ann, { street: "4242 4242 4242 4242" });
  await pay(ann, "checkout-form", "4242 4242 4242 4242");
  const street = ann.getByLabel("Street address");
  await expect(street).toHaveAttribute("aria-invalid", "true");
  await expect(ann.locator("#field-street-error")).toContainText("looks like a card number");
  await expect(ann.getByLabel("Full name")).toHaveValue("Ann Buyer");
  await fillAddress(ann);

  await pay(ann, "checkout-form", "4242 4242 4242 4242");
  await expect(ann).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
  await expect(ann.getByTestId("order-status")).toHaveAttribute("data-status", "PAID");
  await expect(ann.getByTestId("order-confirmation")).toContainText("Visa ending in 4242");
  await expect(ann.getByTestId("shipping-details")).toContainText("00100 Helsinki");
  await expect(ann.getByTestId("checkout-attempt")).toHaveAttribute("data-status", "COMPLETED");

  // The notification: a badge in the header, the message on the notifications page.
  await expect(ann.getByTestId("notification-count")).toHaveText("1");
  await ann.getByTestId("notifications-link").click();
  await expect(ann).toHaveURL(/\/notifications$/);
  const note = ann.getByTestId("notification").first();
  await expect(note).toContainText("Order confirmed");
  await expect(note).toHaveAttribute("data-read", "false");
  await note.getByRole("button", { name: /Mark .* as read/ }).click();
  await expect(note).toHaveAttribute("data-read", "true");
  await expect(ann.getByTestId("notification-count")).toHaveCount(0);
});

test("a declined card (4000 0000 0000 9995) shows the reason, puts the item back in stock, and another card pays the order", async ({
  browser,
}) => {
  const { productPath } = await listOneUnit(browser, mainServer);
  const ben = await signUpCustomer(browser, mainServer, "ben");
  await addToCartAndCheckOut(ben, productPath);
  await fillAddress(ben);
  await pay(ben, "checkout-form", "4000 0000 0000 9995");

  await expect(ben).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
  const orderPath = new URL(ben.url()).pathname;
  await expect(ben.getByTestId("order-status")).toHaveAttribute("data-status", "PENDING_PAYMENT");
  await expect(ben.getByTestId("payment-failure")).toContainText("insufficient funds");
  await expect(ben.getByTestId("checkout-attempt")).toHaveAttribute("data-status", "COMPENSATED");
  await expect(ben.locator('[data-testid="timeline-step"][data-step="RESERVE"]')).toHaveAttribute("data-state", "undone");
  await expect(ben.getByTestId("notification-count")).toHaveText("1");

  // The compensation gave the unit back: the product page shows it for sale again.
  await ben.goto(productPath);
  await expect(ben.getByTestId("listing-row").getByTestId("live-availability")).toContainText("Only 1 left");

  // The order waits for another card until its deadline.
  await ben.goto(orderPath);
  await waitForForm(ben, "pay-again");
  await expect(ben.getByTestId("pay-again-note")).toContainText("You pay at most €19.90");
  await pay(ben, "pay-again", "5555 5555 5555 4444");
  await expect(ben.getByTestId("order-status")).toHaveAttribute("data-status", "PAID");
  await expect(ben.getByTestId("order-confirmation")).toContainText("Mastercard ending in 4444");
  await expect(ben.getByTestId("checkout-attempt").first()).toHaveAttribute("data-status", "COMPLETED");
});

test("a 3-D Secure card (4000 0027 6000 3184) completes the bank's check and is paid once", async ({ browser }) => {
  const { productPath } = await listOneUnit(browser, mainServer);
  const cai = await signUpCustomer(browser, mainServer, "cai");
  await addToCartAndCheckOut(cai, productPath);
  await fillAddress(cai);
  await pay(cai, "checkout-form", "4000 0027 6000 3184");

  // The order waits on the bank: the unit stays reserved, nothing is charged yet.
  await expect(cai).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
  const orderPath = new URL(cai.url()).pathname;
  await expect(cai.getByTestId("payment-action")).toContainText("Your bank asks you to confirm this payment");
  await expect(cai.getByTestId("order-status")).toHaveAttribute("data-status", "PENDING_PAYMENT");
  await cai.getByTestId("bank-check").click();
  await expect(cai).toHaveURL(/\/payments\/challenge\/pi_/);
  await expect(cai.getByTestId("bank-challenge")).toBeVisible();
  await expect(cai.getByRole("main")).toContainText("€19.90");
  await waitForHydration(cai, '[data-testid="bank-challenge"] button[type="submit"]');
  await cai.getByRole("button", { name: "Complete" }).click();

  // Back on the order page: the webhook settles the payment and the page shows it.
  await expect(cai).toHaveURL(new RegExp(`${orderPath}$`));
  await expect(cai.getByTestId("order-status")).toHaveAttribute("data-status", "PAID", { timeout: 30_000 });
  await expect(cai.getByTestId("order-confirmation")).toContainText("Visa ending in 3184");
  await expect(cai.getByTestId("checkout-attempt")).toHaveCount(1);
});

test("a 3-D Secure check that fails is compensated like a decline: the unit is back on sale and another card pays", async ({ browser }) => {
  const { productPath } = await listOneUnit(browser, mainServer);
  const dia = await signUpCustomer(browser, mainServer, "dia");
  await addToCartAndCheckOut(dia, productPath);
  await fillAddress(dia);
  await pay(dia, "checkout-form", "4000 0027 6000 3184");
  const orderPath = new URL((await dia.waitForURL(/\/orders\/[0-9a-f-]{36}$/), dia.url())).pathname;
  await dia.getByTestId("bank-check").click();
  await waitForHydration(dia, '[data-testid="bank-challenge"] button[type="submit"]');
  await dia.getByRole("button", { name: "Fail" }).click();

  await expect(dia).toHaveURL(new RegExp(`${orderPath}$`));
  await expect(dia.getByTestId("payment-failure")).toContainText("3-D Secure", { timeout: 30_000 });
  await expect(dia.getByTestId("checkout-attempt")).toHaveAttribute("data-status", "COMPENSATED");
  await expect(dia.locator('[data-testid="timeline-step"][data-step="RESERVE"]')).toHaveAttribute("data-state", "undone");
  await dia.goto(productPath);
  await expect(dia.getByTestId("listing-row").getByTestId("live-availability")).toContainText("Only 1 left");

  await dia.goto(orderPath);
  await pay(dia, "pay-again", "4242 4242 4242 4242");
  await expect(dia.getByTestId("order-status")).toHaveAttribute("data-status", "PAID", { timeout: 30_000 });
});

test("an owner refunds a paid order from its dashboard page, the unit goes back on sale, and the customer sees it", async ({ browser }) => {
  const { productPath } = await listOneUnit(browser, mainServer);
  const eli = await signUpCustomer(browser, mainServer, "eli");
  await addToCartAndCheckOut(eli, productPath);
  await fillAddress(eli);
  await pay(eli, "checkout-form", "4242 4242 4242 4242");
  await expect(eli.getByTestId("order-status")).toHaveAttribute("data-status", "PAID");
  const orderId = new URL(eli.url()).pathname.split("/").pop()!;

  const ownerContext = await browser.newContext({ baseURL: mainServer });
  const owner = await ownerContext.newPage();
  await signIn(owner, DEMO_USERS.owner2);
  await owner.goto(`/dashboard/orders/${orderId}`);
  const form = owner.getByTestId("refund-form");
  await waitForHydration(owner, '[data-testid="refund-form"] button[type="submit"]');
  await expect(form.getByRole("spinbutton")).toHaveValue("1");
  await form.getByLabel(/Put the units back on sale/).check();
  await form.getByLabel(/Reason/).fill("arrived damaged, replaced");
  await form.getByRole("button", { name: "Refund" }).click();
  await expect(owner.getByTestId("refunds")).toContainText("€19.90");
  await expect(owner.getByTestId("refunds")).toContainText("back on sale");
  await expect(owner.getByTestId("refund-form")).toHaveCount(0);
  await ownerContext.close();

  // The customer's order page and notifications tell them; the unit is for sale again.
  await eli.goto(`/orders/${orderId}`);
  await expect(eli.getByTestId("refunded-total")).toContainText("refunded in full (€19.90)");
  await expect(eli.getByTestId("refund")).toHaveAttribute("data-status", "SUCCEEDED");
  await expect(eli.getByTestId("refunds")).not.toContainText("damaged");
  await eli.goto("/notifications");
  await expect(eli.getByTestId("notification").first()).toContainText("Refund on its way");
  await eli.goto(productPath);
  await expect(eli.getByTestId("listing-row").getByTestId("live-availability")).toContainText("Only 1 left");
});
