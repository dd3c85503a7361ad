import { expect, test, type Page } from "@playwright/test";
import { PASSWORD, newPerson, submitSignUp } from "@/e2e/support/accounts";

// The smallest valid PNG: a 1x1 pixel.
const PIXEL_PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");
async function expectSignedIn(page: Page, name: string) {
  await expect(page.locator(".account-menu__name")).toHaveText(name);
}

test("an owner signs up, opens a shop, lists a product with a picture and finds it in the catalogue", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const owner = newPerson("owner");
  await submitSignUp(page, owner);
  await expect(page).toHaveURL(/\/$/);
  await expectSignedIn(page, owner.name);

  // Open a shop from the header; the address follows the name.
  await page.getByRole("link", { name: "Open a shop" }).click();
  await expect(page).toHaveURL(/\/dashboard\/open-shop$/);
  await page.getByLabel("Shop name").fill(`Lantern Goods ${owner.tag}`);
  await expect(page.getByLabel("Shop address")).toHaveValue(`lantern-goods-${owner.tag}`);
  await page.getByRole("button", { name: "Open my shop" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { level: 1, name: `Lantern Goods ${owner.tag}` })).toBeVisible();
  await expect(page.getByText("No listings yet")).toBeVisible();

  // List a product with a picture.
  const model = `Lantern ${owner.tag}`;
  await page.getByRole("link", { name: "List a product" }).first().click();
  await expect(page).toHaveURL(/\/dashboard\/listings\/new$/);
  await page.getByLabel("Brand").fill("Glowworm");
  await page.getByLabel("Model").fill(model);
  await page.getByLabel("Variant").fill("Amber");
  await page.getByLabel("Price (€)").fill("34.90");
  await page.getByLabel("Units in stock").fill("5");
  // Only real pictures of at most 2 MB: the type is read from the bytes, not the file name.
  const pictureInput = page.getByLabel("Picture");
  await pictureInput.setInputFiles({ name: "notes.png", mimeType: "image/png", buffer: Buffer.from("just some text") });
  await page.getByRole("button", { name: "List product" }).click();
  await expect(page.locator("#field-picture-error")).toHaveText("Use a PNG, JPEG, WebP or GIF picture.");
  const oversized = Buffer.concat([PIXEL_PNG, Buffer.alloc(2.5 * 1024 * 1024)]);
  await pictureInput.setInputFiles({ name: "huge.png", mimeType: "image/png", buffer: oversized });
  await page.getByRole("button", { name: "List product" }).click();
  await expect(page.locator("#field-picture-error")).toHaveText("The picture is 2.5 MB; the limit is 2 MB.");
  await expect(page.getByLabel("Model")).toHaveValue(model);
  await pictureInput.setInputFiles({ name: "lantern.png", mimeType: "image/png", buffer: PIXEL_PNG });
  await page.getByRole("button", { name: "List product" }).click();
  await expect(page).toHaveURL(/\/dashboard\/listings\/[0-9a-f-]{36}$/);
  const listingUrl = new URL(page.url()).pathname;
  await expect(page.getByRole("heading", { level: 1, name: `Glowworm ${model} (Amber)` })).toBeVisible();
  await expect(page.getByTestId("level-on-hand")).toHaveText("5");
  await expect(page.getByText("€34.90", { exact: false }).first()).toBeVisible();
  await expect(
    page
      .getByRole("table", { name: /Stock ledger/ })
      .getByRole("row")
      .nth(1),
  ).toContainText("initial stock");

  // Receive and adjust: the levels, the ledger and the chart follow.
  await page.getByLabel("Units received").fill("3");
  await page.getByRole("button", { name: "Receive" }).click();
  await expect(page.locator("#receive-status")).toHaveText("Received 3 units. On hand now: 8.");
  await expect(page.getByTestId("level-on-hand")).toHaveText("8");
  await page.getByLabel("Change in units").fill("-2");
  await page.getByLabel("Reason").fill("2 dented in transit");
  await page.getByRole("button", { name: "Adjust" }).click();
  await expect(page.locator("#adjust-status")).toHaveText("Adjusted by -2. On hand now: 6.");
  await expect(page.getByTestId("level-available")).toHaveText("6");
  await expect(
    page
      .getByRole("table", { name: /Stock ledger/ })
      .getByRole("row")
      .nth(1),
  ).toContainText("2 dented in transit");
  await expect(page.getByTestId("stock-chart-summary")).toContainText("on hand 6, held 0, sold 0");
  await expect(page.getByTestId("stock-chart-summary")).toContainText("on hand was at most 8");

  // The catalogue shows it, with the uploaded picture served by the app itself.
  await page.goto(`/products?q=${encodeURIComponent(model)}`);
  const card = page.getByTestId("product-card").filter({ hasText: model });
  await expect(card).toHaveCount(1);
  await expect(card.getByRole("link", { name: `Glowworm ${model}` })).toBeVisible();
  await expect(card).toContainText("€34.90");
  const picture = card.getByRole("img");
  const src = await picture.getAttribute("src");
  expect(src).toMatch(/^\/api\/images\/[0-9a-f-]{36}$/);
  await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  const image = await page.request.get(src!);
  expect(image.status()).toBe(200);
  expect(image.headers()["content-type"]).toBe("image/png");
  expect(image.headers()["cache-control"]).toContain("immutable");
  await card.getByRole("link", { name: `Glowworm ${model}` }).click();
  await expect(page.getByText(`Lantern Goods ${owner.tag}`).first()).toBeVisible();

  // Another account: as a customer it cannot reach the dashboard; as the owner of another
  // shop it cannot see or touch this listing.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  const rival = newPerson("rival");
  await submitSignUp(otherPage, rival);
  await expectSignedIn(otherPage, rival.name);
  await otherPage.goto("/dashboard");
  await expect(otherPage).toHaveURL(/\/dashboard\/open-shop$/);
  await expect(otherPage.getByRole("heading", { level: 1, name: "Open a shop" })).toBeVisible();
  for (const path of ["/dashboard", "/dashboard/listings/new", listingUrl]) {
    const response = await otherPage.request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(307);
    expect(response.headers().location, path).toBe("/dashboard/open-shop");
  }
  await otherPage.getByLabel("Shop name").fill(`Rival Goods ${rival.tag}`);
  await otherPage.getByRole("button", { name: "Open my shop" }).click();
  await expect(otherPage).toHaveURL(/\/dashboard$/);
  const peek = await otherPage.goto(listingUrl);
  expect(peek?.status()).toBe(404);
  const levels = await otherPage.request.get(listingUrl.replace("/dashboard/", "/api/dashboard/"));
  expect(levels.status()).toBe(404);
  await other.close();
});

test("a second browser signing up with a taken email sees the error next to the email field", async ({ browser }) => {
  const first = newPerson("first");
  const firstContext = await browser.newContext();
  const firstPage = await firstContext.newPage();
  await submitSignUp(firstPage, first);
  await expectSignedIn(firstPage, first.name);

  const second = await browser.newContext();
  const page = await second.newPage();
  const copycat = newPerson("copycat");
  // The same address, typed differently: it is the same contact.
  await submitSignUp(page, { ...copycat, email: `  ${first.email.toUpperCase()} ` });
  const email = page.getByLabel("Email");
  await expect(page.locator("#field-email-error")).toHaveText("This email is already registered.");
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await expect(email).toHaveAttribute("aria-describedby", /field-email-error/);
  await expect(page.getByLabel("Phone")).not.toHaveAttribute("aria-invalid", "true");
  await expect(page.getByRole("status")).toHaveText("Please correct the marked fields.");
  await expect(page).toHaveURL(/\/sign-up$/);

  // With an email of its own the same form goes through.
  await email.fill(copycat.email);
  await page.getByRole("button", { name: "Create account" }).click();
  await expectSignedIn(page, copycat.name);

  // Sign out, then back in: a wrong password is refused plainly.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
  await page.getByRole("link", { name: "Sign in" }).click();
  await page.getByLabel("Email").fill(copycat.email);
  await page.getByLabel("Password").fill("not-my-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("status")).toHaveText("Wrong email or password.");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expectSignedIn(page, copycat.name);

  // Someone guessing the first account's password is stopped after a few failures, and the
  // form says when to try again (the limit is per account, so a new address does not help).
  const guesser = await browser.newContext();
  const guesserPage = await guesser.newPage();
  await guesserPage.goto("/sign-in");
  await guesserPage.getByLabel("Email").fill(first.email);
  const status = guesserPage.getByRole("status");
  for (let attempt = 1; attempt <= 12; attempt++) {
    await guesserPage.getByLabel("Password").fill(`guess-number-${attempt}`);
    await guesserPage.getByRole("button", { name: "Sign in" }).click();
    await expect(guesserPage.getByRole("button", { name: "Sign in" })).toBeEnabled();
    await expect(status).not.toBeEmpty();
    if ((await status.textContent())?.startsWith("Too many")) break;
  }
  await expect(status).toHaveText(/^Too many sign-in attempts\. Try again in \d+ s\.$/);

  await guesser.close();
  await firstContext.close();
  await second.close();
});
