import { expect, test } from "@playwright/test";
import { newPerson, signIn } from "@/e2e/support/accounts";
import { DEMO_USERS } from "@/scripts/demo-data";

// The smallest valid PNG: a 1x1 pixel.
const PIXEL_PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");

test("a picture over the upload limit is refused in the browser, the form keeps what was typed, and the dashboard passes the CSP", async ({
  page,
}) => {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  const actions: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && request.headers()["next-action"]) actions.push(request.url());
  });

  await signIn(page, DEMO_USERS.owner1);
  await page.goto("/dashboard");
  await page.goto("/dashboard/listings/new");

  const model = `Heavy ${newPerson("x").tag}`;
  await page.getByLabel("Brand").fill("Boulder");
  await page.getByLabel("Model").fill(model);
  await page.getByLabel("Price (€)").fill("12.50");
  await page.getByLabel("Units in stock").fill("2");
  // 3.5 MB: more than the server would even read (the action body limit is 3 MB).
  await page
    .getByLabel("Picture")
    .setInputFiles({ name: "huge.png", mimeType: "image/png", buffer: Buffer.concat([PIXEL_PNG, Buffer.alloc(3.5 * 1024 * 1024)]) });
  await page.getByRole("button", { name: "List product" }).click();
  await expect(page.locator("#field-picture-error")).toHaveText("The picture is 3.5 MB; the limit is 2 MB.");
  expect(actions).toEqual([]);
  await expect(page.getByLabel("Model")).toHaveValue(model);
  await expect(page.getByLabel("Price (€)")).toHaveValue("12.50");

  // With a picture that fits, the same form goes through.
  await page.getByLabel("Picture").setInputFiles({ name: "ok.png", mimeType: "image/png", buffer: PIXEL_PNG });
  await page.getByRole("button", { name: "List product" }).click();
  await expect(page).toHaveURL(/\/dashboard\/listings\/[0-9a-f-]{36}$/);
  expect(errors.filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([]);
});
