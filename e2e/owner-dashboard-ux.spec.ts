import { expect, test, type Page } from "@playwright/test";
import { newPerson, signIn } from "@/e2e/support/accounts";
import { waitForHydration } from "@/e2e/support/hydration";
import { DEMO_USERS } from "@/scripts/demo-data";

// The owner's dashboard as an owner meets it: no error before a mistake, a question before
// taking something off sale, a chart that can be read, and pages that fit a phone.

/** Lists a fresh product of owner1's with `units` units, so no other spec's listings are touched; returns its page's path. */
async function listFreshProduct(page: Page, units = 5): Promise<{ path: string; name: string }> {
  const model = `Beacon ${newPerson("x").tag}`;
  await page.goto("/dashboard/listings/new");
  await page.getByLabel("Brand").fill("Harbourlight");
  await page.getByLabel("Model").fill(model);
  await page.getByLabel("Price (€)").fill("25.00");
  await page.getByLabel("Units in stock").fill(String(units));
  await page.getByRole("button", { name: "List product" }).click();
  await expect(page).toHaveURL(/\/dashboard\/listings\/[0-9a-f-]{36}$/);
  return { path: new URL(page.url()).pathname, name: `Harbourlight ${model}` };
}

const noSidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

test.beforeEach(async ({ page }) => {
  await signIn(page, DEMO_USERS.owner1);
});

test("the new-listing form shows no error box before the first submit, and one after a bad one", async ({ page }) => {
  await page.goto("/dashboard/listings/new");
  await waitForHydration(page, "form button[type=submit]", "List product");
  const status = page.locator("#new-listing-status");
  await expect(status).toBeEmpty();
  expect(await status.evaluate((element) => element.getBoundingClientRect().height)).toBe(0);

  await page.getByRole("button", { name: "List product" }).click();
  await expect(status).toHaveText("Please correct the marked fields.");
  expect(await status.evaluate((element) => element.getBoundingClientRect().height)).toBeGreaterThan(0);
});

test("deactivating a listing asks first: 'Keep it on sale' keeps it active, 'Deactivate' takes it off", async ({ page }) => {
  const { name } = await listFreshProduct(page);
  await waitForHydration(page, "button#active-toggle");
  const toggle = page.getByRole("button", { name: "Deactivate listing" });

  await toggle.click();
  const question = page.getByRole("group", { name: `Deactivate ${name}?` });
  await expect(question).toBeVisible();
  await expect(question).toBeFocused();
  await expect(question).toContainText("Shoppers can no longer buy it; holds and orders stay.");
  await question.getByRole("button", { name: "Keep it on sale" }).click();
  await expect(question).toBeHidden();
  await expect(toggle).toBeFocused();
  await expect(page.getByRole("heading", { name: "On sale", exact: true })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { name: "On sale", exact: true })).toBeVisible();

  // Escape steps back too.
  await waitForHydration(page, "button#active-toggle");
  await toggle.click();
  await expect(question).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(question).toBeHidden();
  await expect(toggle).toBeFocused();

  await toggle.click();
  await question.getByRole("button", { name: "Deactivate", exact: true }).click();
  await expect(page.locator("#active-status")).toHaveText("The listing is off the catalogue.");
  await expect(page.getByRole("heading", { name: "Not on sale", exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Reactivate listing" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { name: "Not on sale", exact: true })).toBeVisible();
  // Nobody can buy it now: its free units are not "to buy now".
  await expect(page.getByRole("definition").filter({ hasText: "once back on sale" })).toBeVisible();
  await expect(page.getByText("to buy now")).toHaveCount(0);
});

test("'End now' on a flash sale asks first, and ends it only when confirmed", async ({ page }) => {
  const { name } = await listFreshProduct(page, 4);
  await page.goto("/dashboard/sales/new");
  await waitForHydration(page, "form button[type=submit]", "Create flash sale");
  await page.getByLabel("Listing").selectOption({ label: `${name} (4 on hand)` });
  await page.getByLabel("Percent off").fill("20");
  await page.getByLabel("Units at the sale price").fill("2");
  await page.getByRole("button", { name: "Create flash sale" }).click();
  await expect(page).toHaveURL(/\/dashboard\/sales\/[0-9a-f-]{36}$/);

  await waitForHydration(page, "button#end-now");
  await page.getByRole("button", { name: "End now" }).click();
  const question = page.getByRole("group", { name: "End this flash sale now?" });
  await expect(question).toBeFocused();
  await question.getByRole("button", { name: "Keep it running" }).click();
  await expect(question).toBeHidden();
  await expect(page.getByRole("button", { name: "End now" })).toBeFocused();
  await page.reload();
  await expect(page.locator(".page-header .badge")).toHaveText("Live");

  await waitForHydration(page, "button#end-now");
  await page.getByRole("button", { name: "End now" }).click();
  await question.getByRole("button", { name: "End now" }).click();
  await expect(page.getByRole("status").filter({ hasText: "The sale has ended." })).toBeVisible();
  await expect(page.locator(".page-header .badge")).toHaveText("Ended");
});

test("the stock chart draws on hand, held and sold with a legend, readable on a phone", async ({ page }) => {
  const { path } = await listFreshProduct(page, 5);
  await page.getByLabel("Units received").fill("3");
  await page.getByRole("button", { name: "Receive" }).click();
  await expect(page.locator("#receive-status")).toHaveText("Received 3 units. On hand now: 8.");

  const chart = page.getByTestId("stock-chart");
  await expect(chart.locator("path[data-series]")).toHaveCount(3);
  expect(await chart.locator("path[data-series]").evaluateAll((paths) => paths.map((p) => p.getAttribute("data-series")))).toEqual([
    "onHand",
    "held",
    "sold",
  ]);
  const legend = page.getByTestId("stock-chart-legend");
  // The legend and the plot are hidden from screen readers: the summary below says the same.
  await expect(legend.locator("li")).toHaveText([/On hand\s*8/, /Held\s*0/, /Sold\s*0/]);
  // Told apart by line style as well as colour.
  const dashes = await chart.locator("path[data-series]").evaluateAll((paths) => paths.map((p) => getComputedStyle(p).strokeDasharray));
  expect(new Set(dashes).size).toBe(3);
  await expect(page.getByTestId("stock-chart-summary")).toContainText("on hand 8, held 0, sold 0");
  // The tiles count different units.
  await expect(page.getByTestId("level-on-hand")).toHaveText("8");
  await expect(page.getByTestId("level-available")).toHaveText("8");
  await expect(page.getByTestId("level-in-carts")).toHaveText("0");
  await expect(page.getByTestId("level-awaiting-payment")).toHaveText("0");
  await expect(page.getByTestId("level-sold")).toHaveText("0");

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(path);
  await expect(chart).toBeVisible();
  const sizes = await chart.evaluate((figure) =>
    [...figure.querySelectorAll<HTMLElement>("li, span, figcaption")]
      .filter((element) => element.offsetParent !== null && element.textContent?.trim())
      .map((element) => Number.parseFloat(getComputedStyle(element).fontSize)),
  );
  expect(sizes.length).toBeGreaterThan(5);
  expect(Math.min(...sizes)).toBeGreaterThanOrEqual(12);
  expect(await chart.locator("text").count()).toBe(0);
});

test("at 390x844 no dashboard page scrolls sideways", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const paths = [
    "/dashboard",
    "/dashboard/orders",
    "/dashboard/listings/new",
    "/dashboard/sales",
    "/dashboard/sales/new",
    "/dashboard/campaigns",
    "/dashboard/campaigns/new",
  ];
  await page.goto("/dashboard");
  paths.push((await page.locator('a[href^="/dashboard/listings/"]:not([href$="/new"])').first().getAttribute("href"))!);
  await page.goto("/dashboard/sales");
  paths.push((await page.locator('a[href^="/dashboard/sales/"]:not([href$="/new"])').first().getAttribute("href"))!);
  await page.goto("/dashboard/campaigns");
  paths.push((await page.locator('a[href^="/dashboard/campaigns/"]:not([href$="/new"])').first().getAttribute("href"))!);
  for (const path of paths) {
    await page.goto(path);
    await expect(page.locator("h1")).toBeVisible();
    expect(await noSidewaysScroll(page), path).toBeLessThanOrEqual(390);
  }
});
