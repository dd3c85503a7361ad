import { expect, test } from "@playwright/test";
import { holdsEndIn, lapseHolds } from "@/e2e/support/database";
import { waitForHydration } from "@/e2e/support/hydration";
import { listOneUnit, signUpCustomer } from "@/e2e/support/shoppers";

// The main e2e server: 1-hour holds. Holds are made to lapse (or near their end) with an
// UPDATE on the database, never by waiting.
const port = Number(process.env.E2E_PORT ?? 3100);
const mainServer = `http://localhost:${port}`;

test('a lapsed hold is reserved again by "Add to cart" without raising the quantity, and by "Reserve again" in the cart', async ({
  browser,
}) => {
  const { productPath, listingId } = await listOneUnit(browser, mainServer);
  const ann = await signUpCustomer(browser, mainServer, "again");

  await ann.goto(productPath);
  const row = ann.getByTestId("listing-row");
  await waitForHydration(ann, '[data-testid="listing-row"] form button[type="submit"]');
  await row.getByRole("button", { name: "Add to cart" }).click();
  const status = row.getByTestId("add-to-cart-status");
  await expect(status).toContainText("Reserved for you until");
  // A fresh 1-hour hold never shows more than an hour left (it used to start at 1:00:01).
  await expect(status.getByTestId("hold-countdown")).toHaveText(/^(1:00:00|59:\d\d) left$/);
  // Focus moved from the button to the answer.
  await expect(status).toBeFocused();

  // The hold runs out: the product page offers the unit again and "Add to cart" reserves the line as it is.
  expect(await lapseHolds(listingId)).toBe(1);
  await ann.reload();
  await waitForHydration(ann, '[data-testid="listing-row"] form button[type="submit"]');
  await expect(row.getByTestId("live-availability")).toContainText("Only 1 left");
  await row.getByRole("button", { name: "Add to cart" }).click();
  await expect(status).toContainText("Reserved for you until");
  await expect(ann.getByTestId("cart-count")).toHaveText("1");

  // Lapsed again: the cart says so and "Reserve again" reserves it, quantity and total unchanged.
  expect(await lapseHolds(listingId)).toBe(1);
  await ann.goto("/cart");
  const line = ann.getByTestId("cart-line");
  await expect(line).toHaveAttribute("data-status", "not-reserved");
  await expect(line.getByTestId("hold-state")).toContainText("Not reserved");
  const total = await line.getByTestId("line-total").textContent();
  await waitForHydration(ann, '[data-testid="cart-line"] form button[type="submit"]');
  await line.getByRole("button", { name: "Reserve again" }).click();
  await expect(line.getByTestId("line-answer")).toHaveText("Reserved for you again.");
  await expect(line.getByTestId("line-answer")).toBeFocused();
  await expect(line).toHaveAttribute("data-status", "reserved");
  await expect(line.getByTestId("hold-state")).toContainText("Reserved for you until");
  await expect(line.getByRole("spinbutton")).toHaveValue("1");
  await expect(line.getByTestId("line-total")).toHaveText(total ?? "");
  await expect(line.getByRole("button", { name: "Reserve again" })).toHaveCount(0);

  // Asking for 9 of a one-unit listing: the per-customer cap (5) and what is reserved are both said, in units.
  await line.getByRole("spinbutton").fill("9");
  await line.getByRole("button", { name: "Update" }).click();
  await expect(line.getByTestId("line-answer")).toHaveText(
    "You can have at most 5 of this item, so it is set to 5. Only 1 of 5 reserved for you: none more available right now.",
  );
  await expect(line.getByRole("spinbutton")).toHaveValue("5");
  await expect(ann.getByText("4 units are not reserved: checking out tries to reserve them.")).toBeVisible();
});

test("a hold in its last five minutes is shown as a warning and announced once", async ({ browser }) => {
  test.setTimeout(90_000);
  const { productPath, listingId } = await listOneUnit(browser, mainServer);
  const ben = await signUpCustomer(browser, mainServer, "warned");
  await ben.goto(productPath);
  await waitForHydration(ben, '[data-testid="listing-row"] form button[type="submit"]');
  await ben.getByTestId("listing-row").getByRole("button", { name: "Add to cart" }).click();
  await expect(ben.getByTestId("add-to-cart-status")).toContainText("Reserved for you until");

  // Five minutes and 15 seconds left: the cart's countdown crosses the line while Ben watches.
  // The margin is for the page to load and hydrate on a busy machine first: a countdown that
  // mounts already past the line shows the warning colour without announcing it (by design),
  // and 3 seconds were not always enough on CI.
  expect(await holdsEndIn(listingId, 5 * 60 + 15)).toBe(1);
  await ben.goto("/cart");
  const countdown = ben.getByTestId("cart-line").getByTestId("hold-countdown");
  await expect(countdown).toHaveText(/^5:[01]\d left$/);
  await expect(countdown).not.toHaveAttribute("data-warning", "true");
  await expect(countdown).toHaveAttribute("data-warning", "true", { timeout: 30_000 });
  await expect(countdown).toHaveText(/^4:5\d left$/);
  const warning = ben.getByTestId("cart-line").getByTestId("hold-warning");
  await expect(warning).toHaveText(/Less than 5 minutes left on .+ in your cart\./);
  await expect(warning).toHaveAttribute("role", "status");
});

test('a lapsed line whose unit someone else took stays in the cart, not reserved, and "Reserve again" says so', async ({ browser }) => {
  const { productPath, listingId } = await listOneUnit(browser, mainServer);
  const [alice, bob] = await Promise.all([signUpCustomer(browser, mainServer, "lapsed"), signUpCustomer(browser, mainServer, "taker")]);
  for (const page of [alice, bob]) {
    if (page === bob) expect(await lapseHolds(listingId)).toBe(1);
    await page.goto(productPath);
    await waitForHydration(page, '[data-testid="listing-row"] form button[type="submit"]');
    await page.getByTestId("listing-row").getByRole("button", { name: "Add to cart" }).click();
    await expect(page.getByTestId("add-to-cart-status")).toContainText("Reserved for you until");
  }

  // Alice's item is still in her cart, not reserved and sold out; Bob's cart shows his hold.
  await alice.goto("/cart");
  const aliceLine = alice.getByTestId("cart-line");
  await expect(aliceLine).toHaveAttribute("data-status", "not-reserved");
  await expect(aliceLine.getByTestId("hold-state")).toContainText("Not reserved — sold out right now");
  await waitForHydration(alice, '[data-testid="cart-line"] form button[type="submit"]');
  await aliceLine.getByRole("button", { name: "Reserve again" }).click();
  await expect(aliceLine.getByTestId("line-answer")).toHaveText("Still not reserved: none available right now.");
  await expect(aliceLine.getByRole("spinbutton")).toHaveValue("1");
  await bob.goto("/cart");
  await expect(bob.getByTestId("cart-line").getByTestId("hold-state")).toContainText("Reserved for you");
});
