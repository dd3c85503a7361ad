// Forgot your password: the link travels through the notification outbox; with no mail
// service the e2e servers show it on the development outbox page (DEV_MAIL_PAGE=1).
import { expect, test } from "@playwright/test";
import { expectPageSound } from "@/e2e/support/a11y";
import { PASSWORD, newPerson, submitSignUp } from "@/e2e/support/accounts";
import { waitForHydration } from "@/e2e/support/hydration";

const NEW_PASSWORD = "harbour-window-seventeen";

test("a reset link from the outbox sets a new password once; the old password and other sessions stop working", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const person = newPerson("reset");
  await submitSignUp(page, person);
  await expect(page.locator(".account-menu__name")).toHaveText(person.name, { timeout: 30_000 });

  // Someone who forgot the password, in a browser of their own.
  const visitor = await (await browser.newContext({ baseURL })).newPage();
  await visitor.goto("/sign-in");
  await visitor.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(visitor).toHaveURL(/\/forgot-password$/);
  await waitForHydration(visitor, "button", "Send me a link");
  await visitor.getByLabel("Email").fill(person.email);
  await visitor.getByRole("button", { name: "Send me a link" }).click();
  const sent = visitor.locator("#forgot-password-status");
  await expect(sent).toContainText("If an account uses that email, we've sent a link to reset the password. It works for 30 minutes.");
  await expect(sent).toContainText("Development: the link is on the outbox page");

  await sent.getByRole("link", { name: "/dev/mail" }).click();
  await expect(visitor.getByRole("heading", { name: "Outbox (development)" })).toBeVisible();
  const message = visitor.getByTestId("outbox-message").filter({ hasText: person.email }).first();
  await expect(message).toContainText("Reset your password");
  await message.getByRole("link", { name: /\/reset-password\?token=/ }).click();
  await expect(visitor).toHaveURL(/\/reset-password\?token=[\w-]{43}$/);
  const resetUrl = visitor.url();

  // Field-level answers first: two different passwords.
  await waitForHydration(visitor, "button", "Set new password");
  await visitor.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await visitor.getByLabel("New password again").fill("harbour-window-eighteen");
  await visitor.getByRole("button", { name: "Set new password" }).click();
  await expect(visitor.getByLabel("New password again")).toHaveAttribute("aria-invalid", "true");
  await expect(visitor.locator("#field-confirm-error")).toHaveText("The two passwords differ. Type the same one twice.");

  await visitor.getByLabel("New password again").fill(NEW_PASSWORD);
  await visitor.getByRole("button", { name: "Set new password" }).click();
  await expect(visitor.locator("#reset-password-status")).toContainText("Password changed — sign in");

  // The session signed in before the reset has ended.
  await page.reload();
  await expect(page.locator(".account-menu__name")).toHaveCount(0);

  // The link works once.
  await visitor.goto(resetUrl);
  await expect(visitor.getByText("This link has expired or was already used.")).toBeVisible();
  await expect(visitor.getByRole("link", { name: "Ask for a new link" })).toHaveAttribute("href", "/forgot-password");

  // The old password is refused, the new one signs in.
  await visitor.goto("/sign-in");
  await waitForHydration(visitor, "button", "Sign in");
  await visitor.getByLabel("Email").fill(person.email);
  await visitor.getByLabel("Password").fill(PASSWORD);
  await visitor.getByRole("button", { name: "Sign in" }).click();
  await expect(visitor.getByRole("status").filter({ hasText: "Wrong email or password." })).toBeVisible();
  await visitor.getByLabel("Password").fill(NEW_PASSWORD);
  await visitor.getByRole("button", { name: "Sign in" }).click();
  await expect(visitor.locator(".account-menu__name")).toHaveText(person.name);
});

test("an email without an account gets the same answer", async ({ page }) => {
  await page.goto("/forgot-password");
  await waitForHydration(page, "button", "Send me a link");
  await page.getByLabel("Email").fill(newPerson("nobody").email);
  await page.getByRole("button", { name: "Send me a link" }).click();
  await expect(page.locator("#forgot-password-status")).toContainText(
    "If an account uses that email, we've sent a link to reset the password.",
  );
});

test.describe("at a phone's width", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("forgot-password, reset-password (dead link) and the outbox fit and pass axe", async ({ page }) => {
    await page.goto("/forgot-password");
    await expectPageSound(page, "forgot-password");
    await page.goto("/reset-password?token=not-a-real-token");
    await expect(page.getByText("This link has expired or was already used.")).toBeVisible();
    await expectPageSound(page, "reset-password, dead link");
    await page.goto("/dev/mail");
    await expectPageSound(page, "development outbox");
  });
});
