// The address abuse limits count against, as `next start` really sees it: the socket's peer
// (stamped by instrumentation.ts) whatever forwarding headers the client forges, and the
// proxy's entry only when TRUST_PROXY_HEADERS says a proxy sets them.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, startFaultDatabase, type FaultDatabase } from "@/test/faults/harness";

let database: FaultDatabase;

beforeAll(async () => {
  database = await startFaultDatabase();
}, 120_000);

afterAll(async () => {
  await database?.close();
});

async function failedSignIn(baseUrl: string, headers: Record<string, string>): Promise<void> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const cookie = csrf.headers.get("set-cookie")?.split(";")[0] ?? "";
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie, ...headers },
    body: new URLSearchParams({ csrfToken, email: "nobody@example.test", password: "wrong", json: "true" }),
  });
}

async function addressKeys(): Promise<string[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ key: string }>("SELECT key FROM rate_limit_buckets WHERE key LIKE 'sign-in:ip:%' ORDER BY key");
    await client.query("DELETE FROM rate_limit_buckets");
    return rows.map((row) => row.key.slice("sign-in:ip:".length));
  } finally {
    await client.end();
  }
}

const forged = { "X-Forwarded-For": "203.0.113.9, 198.51.100.7", "X-Real-IP": "203.0.113.9", "X-Storefront-Peer-Address": "6.6.6.6" };

describe("the client's address for abuse limits", () => {
  it("without a trusted proxy: the socket's peer, whatever headers the client forges", async () => {
    const app = await startApp(database.url, { TRUST_PROXY_HEADERS: "false" });
    try {
      await failedSignIn(app.baseUrl, forged);
      await failedSignIn(app.baseUrl, { "X-Forwarded-For": "192.0.2.1" });
      expect(await addressKeys()).toEqual(["127.0.0.1"]);
    } finally {
      await app.stop();
    }
  });

  it("behind a trusted proxy: the entry the proxy appended", async () => {
    const app = await startApp(database.url, { TRUST_PROXY_HEADERS: "true" });
    try {
      await failedSignIn(app.baseUrl, forged);
      expect(await addressKeys()).toEqual(["198.51.100.7"]);
    } finally {
      await app.stop();
    }
  });
});
