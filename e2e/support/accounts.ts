import { expect, type Page } from "@playwright/test";

/** The password every account made by the browser tests uses. */
export const PASSWORD = "lantern-orchard-42";

export interface Person {
  name: string;
  email: string;
  phone: string;
  /** A short unique tag, handy for unique product models too. */
  tag: string;
}

/** Contacts no other test (or run against the same database) uses. */
export function newPerson(role: string): Person {
  const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
  const digits = String(Math.floor(Math.random() * 9_000_000) + 1_000_000);
  return { name: `${role} ${tag}`, email: `${role}-${tag}@example.test`, phone: `+358 50 ${digits}`, tag };
}

/** Opens the sign-up page, fills its form as a person would and submits it. */
export async function submitSignUp(page: Page, person: Pick<Person, "name" | "email" | "phone">): Promise<void> {
  await page.goto("/sign-up");
  await fillSignUp(page, person);
}

/** Fills the sign-up form already on the page and submits it. */
export async function fillSignUp(page: Page, person: Pick<Person, "name" | "email" | "phone">): Promise<void> {
  await page.getByLabel("Name").fill(person.name);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Phone").fill(person.phone);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
}

/** Signs in through the form and waits until the header names the account. */
export async function signIn(page: Page, account: { email: string; password: string; name: string }): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator(".account-menu__name")).toHaveText(account.name);
}
