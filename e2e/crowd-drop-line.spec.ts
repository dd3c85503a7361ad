// A drop's waiting line in real browsers (I12): an owner runs a flash sale as a drop through the
// dashboard; twelve shoppers join before the start at the same instant; at the start each sees
// a place, the first three (the cap) their turn; they buy, the rest cannot add to cart and are
// told why; as turns are used or run out, the next in line is let in and told so. The start and
// the end of a turn are moved with an UPDATE, never waited for.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { expectPageSound } from "@/e2e/support/a11y";
import { newPerson, signIn } from "@/e2e/support/accounts";
import { rows, sql } from "@/e2e/support/database";
import { waitForHydration } from "@/e2e/support/hydration";
import { pressTogether } from "@/e2e/support/race";
import { chooseTestCard, fillAddress, signUpCustomer } from "@/e2e/support/shoppers";
import { DEMO_USERS } from "@/scripts/demo-data";

const SHOPPERS = 12;
const CAP = 3;

interface Drop {
  productPath: string;
  dropId: string;
  saleId: string;
}

/** A seeded owner lists 10 units and runs a flash sale on them as a drop, all through the dashboard. */
async function ownerCreatesDrop(browser: Browser, baseURL: string): Promise<Drop> {
  const page = await (await browser.newContext({ baseURL })).newPage();
  await signIn(page, DEMO_USERS.owner2);
  await page.goto("/dashboard/listings/new");
  const model = `Drop Sneaker ${newPerson("x").tag}`;
  await page.getByLabel("Brand").fill("Stride");
  await page.getByLabel("Model").fill(model);
  await page.getByLabel("Price (€)").fill("19.90");
  await page.getByLabel("Units in stock").fill("10");
  await page.getByRole("button", { name: "List product" }).click();
  await expect(page).toHaveURL(/\/dashboard\/listings\/[0-9a-f-]{36}$/);
  const productPath = await page.getByRole("link", { name: "View in the catalogue" }).getAttribute("href");

  await page.goto("/dashboard/sales/new");
  await waitForHydration(page, 'button[type="submit"]', "Create flash sale");
  const option = await page.locator('select[name="listingId"] option', { hasText: model }).getAttribute("value");
  await page.getByLabel("Listing").selectOption(option ?? "");
  await page.getByLabel("Percent off").fill("10");
  await page.getByLabel("Units at the sale price").fill("5");
  const local = (minutes: number) => {
    const at = new Date(Date.now() + minutes * 60_000);
    return new Date(at.getTime() - at.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  };
  await page.getByLabel("Starts").fill(local(30));
  await page.getByLabel("Ends").fill(local(180));
  await page.getByLabel("Run it as a drop with a waiting room").check();
  await page.getByLabel("Line opens (minutes before)").fill("60");
  await page.getByLabel("Let in per minute").fill("60");
  await page.getByLabel("Most in at once (optional)").fill(String(CAP));
  await page.getByLabel("Each turn lasts (minutes)").fill("10");
  await page.getByRole("button", { name: "Create flash sale" }).click();
  await expect(page).toHaveURL(/\/dashboard\/sales\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("drop-stats")).toHaveAttribute("data-phase", "open");
  const saleId = new URL(page.url()).pathname.split("/").pop()!;
  const [drop] = await rows<{ id: string }>("SELECT id::text FROM drops WHERE flash_sale_id = $1", [saleId]);
  await page.context().close();
  if (!productPath || !drop) throw new Error("the owner's drop was not created");
  return { productPath, dropId: drop.id, saleId };
}

const panelOf = (page: Page) => page.getByTestId("drop-panel");

/** The shopper's place once the line is numbered (admitted or waiting). */
async function placeOf(page: Page): Promise<number> {
  const panel = panelOf(page);
  await expect(panel).toHaveAttribute("data-turn", /^(waiting|admitted)$/, { timeout: 40_000 });
  return Number(await panel.getAttribute("data-place"));
}

async function buy(page: Page): Promise<void> {
  const row = page.getByTestId("listing-row");
  await row.getByRole("button", { name: "Add to cart" }).click();
  await expect(row.getByTestId("add-to-cart-status")).toContainText("Reserved for you");
  await page.goto("/checkout");
  await waitForHydration(page, '[data-testid="checkout-form"] button[type="submit"]');
  await fillAddress(page);
  await chooseTestCard(page.getByTestId("checkout-form"), "4242 4242 4242 4242");
  await page.getByTestId("checkout-form").getByRole("button", { name: /^Pay/ }).click();
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "PAID", { timeout: 30_000 });
}

test("twelve shoppers in a drop's line: one shuffle, the admitted buy, the rest wait their turn and are told when it comes", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(300_000);
  const base = baseURL ?? "";
  const { productPath, dropId, saleId } = await ownerCreatesDrop(browser, base);
  const shoppers = await Promise.all(Array.from({ length: SHOPPERS }, (_, i) => signUpCustomer(browser, base, `drop${i}`)));
  // Half of them on a phone's screen.
  await Promise.all(shoppers.slice(SHOPPERS / 2).map((page) => page.setViewportSize({ width: 390, height: 844 })));

  // Before the start: everyone joins at the same instant, and nobody may buy yet.
  await Promise.all(shoppers.map((page) => page.goto(productPath)));
  await Promise.all(shoppers.map((page) => waitForHydration(page, '[data-testid="join-line"] button', "Join the line")));
  await pressTogether(
    shoppers,
    shoppers.map((page) => page.getByRole("button", { name: "Join the line" })),
  );
  for (const page of shoppers) {
    await expect(page.getByTestId("drop-turn")).toHaveText("You're in the line.");
    await expect(page.getByTestId("listing-row").getByRole("button", { name: "Add to cart" })).toHaveCount(0);
    await expect(page.getByTestId("drop-gate")).toContainText("On sale from the start");
  }
  await expectPageSound(shoppers[0]!, "a drop's product page, in the line before the start");
  await expectPageSound(shoppers[SHOPPERS - 1]!, "a drop's product page, in the line before the start");

  // The start comes: the first page to ask numbers the line (one shuffle) and lets the first in.
  // (A page's countdown refreshes it at the start; the start was moved here, so they reload.)
  await sql("UPDATE drops SET starts_at = now() WHERE id = $1", [dropId]);
  await sql("UPDATE flash_sales SET starts_at = now() WHERE id = $1", [saleId]);
  await Promise.all(shoppers.map((page) => page.reload()));
  const places = await Promise.all(shoppers.map(placeOf));
  expect([...places].sort((a, b) => a - b)).toEqual(Array.from({ length: SHOPPERS }, (_, i) => i + 1));
  const at = (place: number) => shoppers[places.indexOf(place)]!;

  // The cap lets three in; everyone else waits, is counted down, and cannot add to cart.
  for (let place = 1; place <= CAP; place++) {
    await expect(panelOf(at(place))).toHaveAttribute("data-turn", "admitted");
    await expect(at(place).getByTestId("drop-turn")).toHaveText("It's your turn!");
  }
  const tenth = at(10);
  await expect(tenth.getByTestId("drop-ahead")).toHaveText(String(10 - CAP - 1));
  for (let place = CAP + 1; place <= SHOPPERS; place++) {
    await expect(panelOf(at(place))).toHaveAttribute("data-turn", "waiting");
    await expect(at(place).getByTestId("listing-row").getByRole("button", { name: "Add to cart" })).toHaveCount(0);
    await expect(at(place).getByTestId("drop-gate")).toHaveText("You can buy it when it's your turn. See the line");
  }
  await expectPageSound(at(CAP + 1), "a drop's product page, waiting in line");
  await expectPageSound(at(1), "a drop's product page, admitted");

  // The admitted buy; each purchase uses the turn up, and the next in line is let in and told.
  await Promise.all([1, 2, 3].map((place) => buy(at(place))));
  for (let place = CAP + 1; place <= 2 * CAP; place++) {
    await expect(panelOf(at(place))).toHaveAttribute("data-turn", "admitted", { timeout: 40_000 });
    await expect(at(place).getByTestId("drop-announcement")).toHaveText("It's your turn: you can buy now.");
  }
  // Counted down: the tenth now has three fewer ahead.
  await expect(tenth.getByTestId("drop-ahead")).toHaveText(String(10 - 2 * CAP - 1), { timeout: 40_000 });

  // A turn runs out unused: its room goes to the next in line, who is told.
  await sql("UPDATE drop_places SET admission_ends_at = now() WHERE drop_id = $1 AND place = $2", [dropId, CAP + 1]);
  await expect(panelOf(at(2 * CAP + 1))).toHaveAttribute("data-turn", "admitted", { timeout: 40_000 });
  await expect(at(2 * CAP + 1).getByTestId("drop-announcement")).toHaveText("It's your turn: you can buy now.");
  await at(CAP + 1).reload();
  await expect(panelOf(at(CAP + 1))).toHaveAttribute("data-turn", "over");
  await expect(at(CAP + 1).getByTestId("drop-gate")).toHaveText("Your turn in the line is over. See the line");

  // What the line decided, as the database holds it: three sold to the first three, one live
  // turn left to the seventh (and the fifth and sixth), nobody else holding a unit.
  const sold = await rows<{ place: number }>(
    `SELECT p.place FROM drop_places p JOIN orders o ON o.user_id = p.user_id AND o.status = 'PAID'
      WHERE p.drop_id = $1 ORDER BY p.place`,
    [dropId],
  );
  expect(sold.map((row) => row.place)).toEqual([1, 2, 3]);
  await Promise.all(shoppers.map((page) => page.context().close()));
});
