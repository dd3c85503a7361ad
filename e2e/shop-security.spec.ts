import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { PASSWORD, newPerson, submitSignUp } from "@/e2e/support/accounts";
import { actionId } from "@/e2e/support/server-actions";
import { signUpCustomer } from "@/e2e/support/shoppers";
import { DEMO_PRODUCTS, demoProductSlug } from "@/scripts/demo-data";

/** Console errors and page errors a page produced, CSP violations included. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

function expectSecurityHeaders(headers: Record<string, string>, path: string) {
  expect(headers["x-frame-options"], path).toBe("DENY");
  expect(headers["x-content-type-options"], path).toBe("nosniff");
  expect(headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
  expect(headers["permissions-policy"], path).toContain("camera=()");
}

test.describe("security headers", () => {
  const pages = ["/", "/products", `/products/${demoProductSlug(DEMO_PRODUCTS[0]!)}`, "/sign-in", "/sign-up", "/no-such-page"];

  test("every page has a nonce-based CSP without unsafe-eval, no framing, no sniffing, a referrer policy", async ({ request }) => {
    const nonces = new Set<string>();
    for (const path of pages) {
      const response = await request.get(path, { maxRedirects: 0 });
      expect(response.status(), path).toBeLessThan(500);
      const headers = response.headers();
      expectSecurityHeaders(headers, path);
      const csp = headers["content-security-policy"] ?? "";
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("object-src 'none'");
      expect(csp, path).not.toContain("unsafe-eval");
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      expect(nonce, path).toBeTruthy();
      nonces.add(nonce!);
      // Next.js put the same nonce on its own scripts.
      expect(await response.text(), path).toContain(`nonce="${nonce}"`);
    }
    expect(nonces.size).toBe(pages.length);
    // API answers and redirects carry the static ones too.
    const api = await request.get("/api/listings/00000000-0000-0000-0000-000000000000/availability");
    expectSecurityHeaders(api.headers(), "api");
    const redirect = await request.get("/dashboard", { maxRedirects: 0 });
    expectSecurityHeaders(redirect.headers(), "/dashboard redirect");
  });

  test("the app's own scripts pass the policy: pages hydrate with no CSP error in the console", async ({ browser, baseURL }) => {
    const customer = await signUpCustomer(browser, baseURL!, "csp");
    const errors = watchErrors(customer);
    for (const path of [...pages, "/cart", "/orders", "/checkout"]) {
      await customer.goto(path);
      await customer.waitForLoadState("networkidle");
    }
    // Client code ran: the search box navigates through the router.
    await customer.goto("/products");
    const search = customer.getByRole("search", { name: "Products" });
    await search.getByRole("searchbox", { name: "Search products" }).fill("halo");
    await search.getByRole("button", { name: "Search" }).click();
    await expect(customer).toHaveURL(/\/products\?q=halo$/);
    expect(errors.filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([]);
    await customer.context().close();
  });
});

test.describe("sign-in cannot be turned against its visitor", () => {
  test("a callbackUrl with a tab trick lands on this site after signing in", async ({ browser, baseURL }) => {
    const person = newPerson("redirect");
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    await submitSignUp(page, person);
    await expect(page.locator(".account-menu__name")).toHaveText(person.name, { timeout: 30_000 });
    await context.clearCookies();
    // Signed out again: sign in from the poisoned link.
    await page.goto("/sign-in?callbackUrl=%2F%09%2Fevil.example%2F");
    await page.getByLabel("Email").fill(person.email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.locator(".account-menu__name")).toHaveText(person.name);
    expect(new URL(page.url()).host).toBe(new URL(baseURL!).host);
    // Signed in, the page redirects at once; tabs, CR and LF never reach the Location header.
    for (const raw of ["%2F%09%2Fevil.example%2F", "%2F%0D%0ASet-Cookie%3Ax%3D1", "%2F%5Cevil.example", "https%3A%2F%2Fevil.example"]) {
      const response = await page.request.get(`/sign-in?callbackUrl=${raw}`, { maxRedirects: 0 });
      expect(response.status(), raw).toBe(307);
      const location = response.headers()["location"] ?? "";
      expect(new URL(location, baseURL).host, raw).toBe(new URL(baseURL!).host);
      expect(response.headers()["set-cookie"] ?? "", raw).not.toContain("x=1");
    }
    await context.close();
  });

  test("a new X-Forwarded-For value does not buy a fresh sign-in budget", async ({ playwright, baseURL }) => {
    const email = `nobody-${newPerson("x").tag}@example.test`;
    const outcomes: string[] = [];
    for (let i = 0; i < 7; i++) {
      const api = await playwright.request.newContext({
        baseURL,
        extraHTTPHeaders: { "x-forwarded-for": `203.0.113.${i}`, "x-real-ip": `203.0.113.${i}` },
      });
      outcomes.push(await credentialsSignIn(api, email, "wrong password"));
      await api.dispose();
    }
    // The pair (account, this machine) allows 5 failures a minute, whatever the headers say.
    expect(outcomes.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => "CredentialsSignin"));
    expect(outcomes.slice(5).every((o) => o.startsWith("Too many sign-in attempts"))).toBe(true);
  });

  test("a copied session token stops working once its owner signs out", async ({ browser, baseURL }) => {
    const customer = await signUpCustomer(browser, baseURL!, "revoke");
    const stolen = await customer.context().cookies();
    expect(stolen.some((c) => c.name.includes("session-token"))).toBe(true);

    const thief = await browser.newContext({ baseURL });
    await thief.addCookies(stolen);
    const thiefPage = await thief.newPage();
    await thiefPage.goto("/orders");
    await expect(thiefPage).toHaveURL(/\/orders$/);

    await customer.getByRole("button", { name: "Sign out" }).click();
    await expect(customer.getByRole("link", { name: "Sign in" }).first()).toBeVisible();

    await thiefPage.goto("/orders");
    await expect(thiefPage).toHaveURL(/\/sign-in\?callbackUrl=%2Forders$/);
    await thief.close();
    await customer.context().close();
  });
});

test.describe("bad input never answers 500", () => {
  test("a NUL character in a search or a path is no server error", async ({ request }) => {
    for (const path of ["/products?q=%00", "/products?q=a%00b&brand=%00", "/products/%00", "/orders/%00", "/sign-in?callbackUrl=%00"]) {
      const response = await request.get(path, { maxRedirects: 0 });
      expect(response.status(), path).toBeLessThan(500);
    }
  });

  test("a crafted action post is a 4xx or the typed refusal, never a 500", async ({ request, baseURL }) => {
    const page = `/products/${demoProductSlug(DEMO_PRODUCTS[0]!)}`;
    const origin = new URL(baseURL!).origin;
    const headers = { "next-action": await actionId("addToCartAction"), accept: "text/x-component", origin };

    // (a) The arguments React's client would send, but no form where the FormData goes: the
    // wrapper's answer to bad input, as a form would get it (the action ran and refused).
    for (const args of ["[]", "[null,{}]", "[null,[]]", '[null,"text"]']) {
      const response = await request.post(page, { headers: { ...headers, "content-type": "text/plain;charset=UTF-8" }, data: args });
      expect(response.status(), args).toBe(200);
      const body = await response.text();
      expect(body, args).toContain('"reason":"invalid"');
      expect(body, args).toContain('"ok":false');
    }

    // (b) A body over the 3 MB limit of server actions: 413 from the proxy, before Next.js reads it.
    // A form with a picture of `bytes`, as React's client encodes it (the FormData under "_1_").
    const boundary = "----e2eBoundaryPicture";
    const withPicture = (bytes: number) =>
      Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="_1_picture"; filename="big.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
        ),
        Buffer.alloc(bytes, 0x61),
        Buffer.from(`\r\n--${boundary}\r\nContent-Disposition: form-data; name="0"\r\n\r\n[null,"$K1"]\r\n--${boundary}--\r\n`),
      ]);
    const multipart = { ...headers, "content-type": `multipart/form-data; boundary=${boundary}` };
    const tooLarge = await request.post(page, { headers: multipart, data: withPicture(4 * 1024 * 1024) });
    expect(tooLarge.status()).toBe(413);
    expect(await tooLarge.text()).toContain("at most 3 MB");
    // Under the limit (a new listing's 2 MB picture and more) the form still reaches the action,
    // which answers in its own words (here: sign in first).
    const fits = await request.post(page, { headers: multipart, data: withPicture(2.5 * 1024 * 1024) });
    expect(fits.status()).toBe(200);
    expect(await fits.text()).toContain('"signIn":true');

    // (c) Posted from another site: 403, where Next.js's own refusal would be a 500.
    const crossSite = await request.post(page, {
      headers: { ...headers, origin: "https://evil.example", "content-type": "text/plain;charset=UTF-8" },
      data: "[null,{}]",
    });
    expect(crossSite.status()).toBe(403);
    expect(await crossSite.text()).toContain("posted from another site");
  });

  test("clearing the quantity box and pressing Update keeps the line and says what is wrong", async ({ browser, baseURL }) => {
    const customer = await signUpCustomer(browser, baseURL!, "qty");
    const product = DEMO_PRODUCTS.find((p) => p.listings.some((l) => l.stock >= 5)) ?? DEMO_PRODUCTS[0]!;
    await customer.goto(`/products/${demoProductSlug(product)}`);
    const row = customer
      .getByTestId("listing-row")
      .filter({ has: customer.getByRole("button", { name: "Add to cart" }) })
      .last();
    await row.getByRole("button", { name: "Add to cart" }).click();
    await expect(row.getByTestId("add-to-cart-status")).toContainText("Reserved for you");
    await customer.goto("/cart");
    const box = customer.getByLabel(/^Quantity of /).first();
    await expect(box).toHaveValue("1");
    await box.fill("");
    await customer.getByRole("button", { name: "Update" }).first().click();
    await expect(customer.getByText("Enter a quantity (0 removes the line).")).toBeVisible();
    await customer.reload();
    await expect(customer.getByLabel(/^Quantity of /).first()).toHaveValue("1");
    await customer.context().close();
  });
});

/** Signs in through next-auth's credentials endpoint; answers its error code ("" on success). */
async function credentialsSignIn(api: APIRequestContext, email: string, password: string): Promise<string> {
  const { csrfToken } = (await (await api.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await api.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, json: "true", callbackUrl: "/" },
    maxRedirects: 0,
  });
  const body = (await response.json().catch(() => ({}))) as { url?: string };
  const location = body.url ?? response.headers()["location"] ?? "";
  return new URL(location, "http://x").searchParams.get("error") ?? "";
}
