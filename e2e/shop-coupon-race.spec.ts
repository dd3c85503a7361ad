import { expect, test, type Browser, type Page } from "@playwright/test";
import { newPerson, signIn } from "@/e2e/support/accounts";
import { waitForHydration } from "@/e2e/support/hydration";
import { pressTogether } from "@/e2e/support/race";
import { chooseTestCard, fillAddress, listOneUnit, signUpCustomer } from "@/e2e/support/shoppers";
import { DEMO_USERS } from "@/scripts/demo-data";

// The main e2e server (1-hour holds); the campaign is made through the owner's dashboard.
const port = Number(process.env.E2E_PORT ?? 3100);
const mainServer = `http://localhost:${port}`;
const SHOPPERS = 20;
const COUPONS = 5;

/** A seeded owner creates a campaign of `limit` coupons through the dashboard; returns the customers' page. */
async function createCampaign(
  browser: Browser,
  limit: number,
  owner: (typeof DEMO_USERS)["owner1" | "owner2"] = DEMO_USERS.owner1,
): Promise<string> {
  const context = await browser.newContext({ baseURL: mainServer });
  const page = await context.newPage();
  await signIn(page, owner);

  await page.goto("/dashboard/campaigns/new");
  await page.getByLabel("Campaign name").fill(`Race ${newPerson("x").tag}: first ${limit} get 10% off`);
  await page.getByLabel("Percent off").fill("10");
  await page.getByLabel("Number of coupons").fill(String(limit));
  // The window's defaults (from this minute, for a week) are filled in once the form hydrates.
  await expect(page.getByLabel("Starts")).not.toHaveValue("");
  await page.getByRole("button", { name: "Create campaign" }).click();
  await expect(page).toHaveURL(/\/dashboard\/campaigns\/[0-9a-f-]{36}$/);
  const href = await page.getByRole("link", { name: "the campaign's page" }).getAttribute("href");
  await context.close();
  if (!href) throw new Error("no link to the campaign's page");
  return href;
}

test(`${SHOPPERS} shoppers press "Claim" on a campaign of ${COUPONS} at the same moment: exactly ${COUPONS} win, numbered 1..${COUPONS} (I5)`, async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const campaignPath = await createCampaign(browser, COUPONS);
  // Sign-ups hash passwords (deliberately slow): ten at a time on a small machine.
  const shoppers: Page[] = [];
  for (let i = 0; i < SHOPPERS; i += 10) {
    shoppers.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(10, SHOPPERS - i) }, (_, k) => signUpCustomer(browser, mainServer, `claimer${i + k}`)),
      )),
    );
  }

  await Promise.all(
    shoppers.map(async (page) => {
      await page.goto(campaignPath);
      await expect(page.getByTestId("campaign-left")).toHaveText(`${COUPONS} of ${COUPONS} left`);
      await waitForHydration(page, "button[type=submit]", "Claim");
    }),
  );
  const buttons = shoppers.map((page) => page.getByRole("button", { name: "Claim" }));
  await Promise.all(buttons.map((button) => expect(button).toBeEnabled()));
  // Pressed together: each browser clicks at one agreed instant (support/race.ts).
  const actions = await pressTogether(shoppers, buttons);

  const outcomes = await Promise.all(
    shoppers.map(async (page) => {
      const status = page.getByTestId("claim-status");
      await expect(status).toHaveAttribute("data-outcome", /^(won|refused)$/, { timeout: 30_000 });
      const outcome = await status.getAttribute("data-outcome");
      if (outcome === "refused") return { page, outcome, text: (await status.textContent()) ?? "", sequence: null };
      const result = page.getByTestId("claim-result");
      await expect(result).toContainText(/You were #\d+!/);
      await expect(result.locator("code")).toHaveText(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
      return { page, outcome, text: (await result.textContent()) ?? "", sequence: Number(await result.getAttribute("data-sequence")) };
    }),
  );

  expect(actions).toHaveLength(SHOPPERS);
  const lastSent = Math.max(...actions.map((action) => action.sent));
  const firstAnswered = Math.min(...actions.map((action) => action.answered));
  const inFlight = actions.filter((action) => action.sent <= firstAnswered).length;
  console.log(
    `${SHOPPERS} claims sent within ${lastSent - Math.min(...actions.map((a) => a.sent))} ms; ${inFlight} on their way before the first answer`,
  );
  // Twenty browsers on a small machine spread their clicks over a few hundred ms, and one
  // statement answers fast: what makes it a race is that more claims than coupons were already
  // on their way when the first answer came back (seen: 10 to 20 of 20 on a busy 2-core machine).
  expect(inFlight, "more claims in flight at once than there are coupons (a race, not a queue)").toBeGreaterThan(COUPONS);

  const winners = outcomes.filter((o) => o.outcome === "won");
  const losers = outcomes.filter((o) => o.outcome === "refused");
  expect(winners).toHaveLength(COUPONS);
  expect(winners.map((w) => w.sequence).sort((a, b) => a! - b!)).toEqual(Array.from({ length: COUPONS }, (_, i) => i + 1));
  for (const winner of winners) expect(winner.text).toContain(`You were #${winner.sequence}!`);
  expect(losers).toHaveLength(SHOPPERS - COUPONS);
  for (const loser of losers) expect(loser.text).toBe(`All ${COUPONS} coupons have been claimed. Better luck next time!`);

  // Every page's live counter reaches 0 without a reload.
  await Promise.all(
    shoppers.map((page) => expect(page.getByTestId("campaign-left")).toHaveText(`All ${COUPONS} claimed`, { timeout: 15_000 })),
  );
  // A winner finds the coupon among their coupons after a reload.
  const winner = winners[0]!.page;
  await winner.goto("/campaigns");
  await expect(winner.getByTestId("your-coupons")).toContainText(`you were #${winners[0]!.sequence}`);
});

test("a winner picks their coupon at checkout and pays the discounted price once (I5)", async ({ browser }) => {
  test.setTimeout(120_000);
  // owner2 lists a €19.90 product and gives its shop's first customer 10% off.
  const { productPath } = await listOneUnit(browser, mainServer);
  const campaignPath = await createCampaign(browser, 1, DEMO_USERS.owner2);
  const cy = await signUpCustomer(browser, mainServer, "couponbuyer");
  await cy.goto(campaignPath);
  await waitForHydration(cy, "button[type=submit]", "Claim");
  await cy.getByRole("button", { name: "Claim" }).click();
  await expect(cy.getByTestId("claim-result")).toHaveAttribute("data-sequence", "1");
  const code = (await cy.getByTestId("claim-result").locator("code").textContent()) ?? "";

  await cy.goto(productPath);
  await cy.getByTestId("listing-row").getByRole("button", { name: "Add to cart" }).click();
  await expect(cy.getByTestId("add-to-cart-status")).toContainText("Reserved for you");
  await cy.goto("/checkout");
  await waitForHydration(cy, '[data-testid="checkout-form"] button[type="submit"]');
  // A mistyped code is a field error and nothing is charged.
  await cy.getByLabel("Coupon code (optional)").fill("AAAA-BBBB-CCCC-DDDD");
  await fillAddress(cy, { name: "Cy Buyer", street: "Aleksanterinkatu 5" });
  await chooseTestCard(cy, "4242 4242 4242 4242");
  await cy.getByTestId("pay").click();
  await expect(cy.locator("#field-couponCode-error")).toContainText("among your coupons");

  await cy.getByTestId("coupon-field").getByRole("button", { name: "Use this coupon" }).click();
  await expect(cy.getByLabel("Coupon code (optional)")).toHaveValue(code);
  await cy.getByTestId("pay").click();
  await expect(cy).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
  await expect(cy.getByTestId("order-status")).toHaveAttribute("data-status", "PAID");
  // €19.90 less 10%: the charge itself, as the provider took it.
  await expect(cy.getByText("Paid €17.91").first()).toBeVisible();

  // Used is used: the campaign page and the coupon list say so.
  await cy.goto("/campaigns");
  await expect(cy.getByTestId("your-coupons")).toContainText("Used");
});
