import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { expect, test, type Page } from "@playwright/test";
import { Client } from "pg";
import { clusterTopology } from "@/e2e/cluster/topology";
import { waitForHydration } from "@/e2e/support/hydration";
import { pressTogether } from "@/e2e/support/race";
import { chooseTestCard, fillAddress, listOneUnit, signUpCustomer } from "@/e2e/support/shoppers";

// Three `next start` instances behind nginx, DATABASE_URL through PgBouncer in transaction
// mode, catalogue reads on a streaming replica (e2e/cluster/global-setup.ts).
const SHOPPERS = 12;
const tsxCli = createRequire(import.meta.url).resolve("tsx/cli");

async function onPrimary<T extends object>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: clusterTopology().directUrl });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Which instance answered each server action the pages post (nginx's X-Served-By). */
function recordServedBy(pages: Page[]): string[] {
  const servedBy: string[] = [];
  for (const page of pages) {
    page.on("response", (response) => {
      const request = response.request();
      if (request.method() === "POST" && request.headers()["next-action"]) servedBy.push(response.headers()["x-served-by"] ?? "?");
    });
  }
  return servedBy;
}

/**
 * Whether each instance, asked directly (not through nginx), takes this cookie as a signed-in
 * customer: /notifications reads the user per request, checking the token's session epoch
 * (a revoked token is sent to sign in). /api/auth/session only decodes the JWT, so it cannot tell.
 */
async function signedInOnEachInstance(cookie: string): Promise<boolean[]> {
  return Promise.all(
    clusterTopology().instances.map(async (instance) => {
      const response = await fetch(`${instance}/notifications`, { headers: { Cookie: cookie }, redirect: "manual" });
      if (response.status >= 300 && response.status < 400) {
        expect(response.headers.get("location")).toContain("/sign-in");
        return false;
      }
      expect(response.status).toBe(200);
      return true;
    }),
  );
}

test.afterAll(() => {
  // Every invariant over the whole database, on the primary (exits 1 on any violation).
  const report = execFileSync(process.execPath, [tsxCli, "scripts/audit.ts"], {
    env: { ...process.env, DATABASE_URL: clusterTopology().directUrl, DIRECT_DATABASE_URL: clusterTopology().directUrl },
    encoding: "utf8",
  });
  console.log(report.trim());
});

test(`${SHOPPERS} shoppers spread over 3 instances race for the last unit: one holds it, pays, and a sign-out ends the session on all`, async ({
  browser,
}) => {
  const { url, instances } = clusterTopology();
  const { productPath, listingId } = await listOneUnit(browser, url);
  const shoppers = await Promise.all(Array.from({ length: SHOPPERS }, (_, i) => signUpCustomer(browser, url, `cluster${i}`)));
  await Promise.all(
    shoppers.map(async (page) => {
      await page.goto(productPath);
      await expect(page.getByTestId("listing-row").getByTestId("live-availability")).toContainText("Only 1 left");
      await waitForHydration(page, '[data-testid="listing-row"] form button[type="submit"]');
    }),
  );
  const buttons = shoppers.map((page) => page.getByTestId("listing-row").getByRole("button", { name: "Add to cart" }));
  const servedBy = recordServedBy(shoppers);
  const actions = await pressTogether(shoppers, buttons);

  const outcomes = await Promise.all(
    shoppers.map(async (page) => {
      const hold = page.getByTestId("listing-row").getByTestId("add-to-cart-status").locator("[data-hold]");
      await expect(hold).toHaveAttribute("data-hold", /^(reserved|not-reserved)$/, { timeout: 60_000 });
      return { page, hold: await hold.getAttribute("data-hold") };
    }),
  );
  expect(actions).toHaveLength(SHOPPERS);
  // The presses really went to different instances: nginx says which one answered each.
  const perInstance = Object.fromEntries(instances.map((instance) => [instance, 0]));
  for (const address of servedBy) {
    const instance = instances.find((candidate) => candidate.endsWith(`:${address.split(":").pop()}`));
    expect(instance, `answered by ${address}, not one of ${instances.join(", ")}`).toBeDefined();
    perInstance[instance!]! += 1;
  }
  console.log(`add-to-cart actions per instance: ${JSON.stringify(perInstance)}`);
  expect(Object.values(perInstance).filter((count) => count > 0).length, "instances that answered the race").toBeGreaterThanOrEqual(2);

  const winners = outcomes.filter((outcome) => outcome.hold === "reserved");
  expect(winners).toHaveLength(1);
  expect(outcomes.filter((outcome) => outcome.hold === "not-reserved")).toHaveLength(SHOPPERS - 1);
  // The primary's own view: one live hold of one unit, the counter equal to it.
  const [stock] = await onPrimary<{ on_hand: number; reserved: number; held: string }>(
    `SELECT l.on_hand, l.reserved,
            (SELECT COALESCE(SUM(h.quantity), 0) FROM holds h
              WHERE h.listing_id = l.id AND h.status = 'ACTIVE' AND h.expires_at > now())::text AS held
       FROM listings l WHERE l.id = $1`,
    [listingId],
  );
  expect(stock).toEqual({ on_hand: 1, reserved: 1, held: "1" });

  // The winner pays for it (through nginx: the checkout's requests and the payment simulator's
  // webhook may each reach a different instance).
  const winner = winners[0]!.page;
  const [cookie] = (await winner.context().cookies()).filter((c) => c.name === "next-auth.session-token");
  expect(cookie, "the winner's session cookie").toBeDefined();
  await winner.goto("/cart");
  await winner.getByRole("link", { name: "Go to checkout" }).click();
  await expect(winner).toHaveURL(/\/checkout$/);
  await waitForHydration(winner, '[data-testid="checkout-form"] button[type="submit"]');
  await fillAddress(winner);
  await chooseTestCard(winner.getByTestId("checkout-form"), "4242 4242 4242 4242");
  await winner.getByTestId("checkout-form").getByRole("button", { name: "Pay €19.90" }).click();
  await expect(winner).toHaveURL(/\/orders\/[0-9a-f-]{36}$/, { timeout: 60_000 });
  await expect(winner.getByTestId("order-status")).toHaveAttribute("data-status", "PAID");
  const [sold] = await onPrimary<{ on_hand: number; reserved: number }>(`SELECT on_hand, reserved FROM listings WHERE id = $1`, [
    listingId,
  ]);
  expect(sold).toEqual({ on_hand: 0, reserved: 0 });

  // Signed in on every instance; signed out on one, the same cookie is refused by all of them.
  const token = `${cookie!.name}=${cookie!.value}`;
  expect(await signedInOnEachInstance(token)).toEqual(instances.map(() => true));
  await winner.getByRole("button", { name: "Sign out" }).click();
  await expect(winner.getByRole("link", { name: "Sign in" }).first()).toBeVisible();
  expect(await signedInOnEachInstance(token)).toEqual(instances.map(() => false));
});
