import { expect, test, type Page } from "@playwright/test";
import { waitForHydration } from "@/e2e/support/hydration";
import { fillAddress, listOneUnit, signUpCustomer } from "@/e2e/support/shoppers";

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
  // Typed before hydration, the card number would be reset by React's first render.
  await waitForForm(page, "checkout-form");
}

async function pay(page: Page, testId: string, cardNumber: string): Promise<void> {
  await waitForForm(page, testId);
  await page.getByTestId(testId).getByLabel("Card number", { exact: true }).fill(cardNumber);
  await page.getByTestId(testId).getByRole("button", { name: "Pay €19.90" }).click();
}

test("a customer pays with 4242 4242 4242 4242 and sees the confirmation and the notification (I9, I10)", async ({ browser }) => {
  const { productPath } = await listOneUnit(browser, mainServer);
  const ann = await signUpCustomer(browser, mainServer, "ann");
  await addToCartAndCheckOut(ann, productPath);
  await expect(ann.getByLabel("Email")).toHaveValue(/^ann-.*@example\.test$/);
  await expect(ann.getByText("Test cards (no real money moves)")).toBeVisible();

  // A card that is not a test card is a field error; nothing typed is lost.
  await fillAddress(ann);
  await pay(ann, "checkout-form", "4111 1111 1111 1111");
  const cardField = ann.getByLabel("Card number", { exact: true });
  await expect(cardField).toHaveAttribute("aria-invalid", "true");
  await expect(ann.locator("#field-cardNumber-error")).toContainText("only test cards work");
  await expect(ann.getByLabel("Street address")).toHaveValue("Mannerheimintie 1");

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
  await pay(ben, "pay-again", "5555 5555 5555 4444");
  await expect(ben.getByTestId("order-status")).toHaveAttribute("data-status", "PAID");
  await expect(ben.getByTestId("order-confirmation")).toContainText("Mastercard ending in 4444");
  await expect(ben.getByTestId("checkout-attempt").first()).toHaveAttribute("data-status", "COMPLETED");
});
