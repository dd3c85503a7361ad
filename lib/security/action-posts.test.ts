// The proxy (proxy.ts) in front of every page, called as Next.js calls it: server action posts
// that Next.js would fail with a 500 get their 4xx here; pages (and forms posted before
// hydration, answered with a page) go through with their Content-Security-Policy, and actions
// called by fetch(), answered with React's payload, go through untouched.
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { NextConfig } from "next";
import { NextRequest, type NextResponse } from "next/server";
import { describe, expect, it } from "vitest";
import { ACTION_BODY_LIMIT_BYTES, refuseActionPost } from "@/lib/security/action-posts";
import { proxy } from "@/proxy";

const SITE = "http://shop.example.test:3000";
const PAGE = `${SITE}/products/halo-x`;
const ACTION_ID = "7f".padEnd(42, "0");

function actionPost(headers: Record<string, string>, body?: string): NextRequest {
  return new NextRequest(PAGE, {
    method: "POST",
    headers: { host: "shop.example.test:3000", "next-action": ACTION_ID, "content-type": "text/plain;charset=UTF-8", ...headers },
    body,
  });
}

/** Passed through: Next.js renders the page (or runs a form's action) with the nonce policy. */
function expectPassedThrough(response: NextResponse) {
  expect(response.headers.get("x-middleware-next")).toBe("1");
  expect(response.status).toBe(200);
  const policy = response.headers.get("content-security-policy") ?? "";
  expect(policy).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(policy).toContain("frame-ancestors 'none'");
}

/** Passed through untouched: an action called by fetch() is answered with React's payload, not a page. */
function expectActionCallPassed(response: NextResponse) {
  expect(response.headers.get("x-middleware-next")).toBe("1");
  expect(response.status).toBe(200);
  expect(response.headers.get("content-security-policy")).toBeNull();
  expect(response.headers.get("x-middleware-override-headers")).toBeNull();
}

describe("the proxy answers action posts Next.js would fail with a 500", () => {
  it("answers 413 to a post whose Content-Length is over the server actions' limit", async () => {
    const response = proxy(actionPost({ origin: SITE, "content-length": String(4 * 1024 * 1024) }));
    expect(response.status).toBe(413);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await response.text()).toContain("at most 3 MB");
  });

  it("lets a post at the limit, or without a Content-Length (chunked), through to Next.js", () => {
    expectActionCallPassed(proxy(actionPost({ origin: SITE, "content-length": String(ACTION_BODY_LIMIT_BYTES) })));
    expectActionCallPassed(proxy(actionPost({ origin: SITE }, "[]")));
    // A new listing's 2 MB picture and its fields.
    expectActionCallPassed(proxy(actionPost({ origin: SITE, "content-length": String(2 * 1024 * 1024 + 4_096) })));
  });

  it("keeps its limit in step with next.config.js", async () => {
    const configFile = pathToFileURL(path.resolve(import.meta.dirname, "../../next.config.js")).href;
    const { default: config } = (await import(configFile)) as { default: NextConfig };
    const limit = config.experimental?.serverActions?.bodySizeLimit;
    const bytes = createRequire(import.meta.url)("next/dist/compiled/bytes") as { parse: (value: string | number) => number };
    expect(limit).toBeDefined();
    expect(bytes.parse(limit!)).toBe(ACTION_BODY_LIMIT_BYTES);
  });

  it("answers 403 to an action posted from another site", async () => {
    for (const origin of ["https://evil.example", "http://shop.example.test:3001", "null", "not a url"]) {
      const response = proxy(actionPost({ origin }));
      expect(response.status, origin).toBe(403);
      expect(await response.text(), origin).toContain("posted from another site");
    }
    // A form posted before hydration (no Next-Action header) is refused alike.
    const form = new NextRequest(PAGE, { method: "POST", headers: { host: "shop.example.test:3000", origin: "https://evil.example" } });
    expect(proxy(form).status).toBe(403);
  });

  it("lets a same-site action call through untouched, and a page view and a form posted before hydration with the CSP", () => {
    expectActionCallPassed(proxy(actionPost({ origin: SITE }, "[]")));
    expectPassedThrough(proxy(new NextRequest(PAGE, { headers: { host: "shop.example.test:3000" } })));
    // Next.js lets a post without an Origin through (no browser sends one); so do we.
    expectActionCallPassed(proxy(actionPost({}, "[]")));
    // A form posted before hydration (no Next-Action header) is answered with a page: it gets its policy.
    const form = new NextRequest(PAGE, {
      method: "POST",
      headers: { host: "shop.example.test:3000", origin: SITE, "content-type": "multipart/form-data; boundary=x" },
      body: "--x--\r\n",
    });
    expectPassedThrough(proxy(form));
    // A GET never skips the policy, whatever its headers say.
    expectPassedThrough(proxy(new NextRequest(PAGE, { headers: { host: "shop.example.test:3000", "next-action": ACTION_ID } })));
  });

  it("trusts X-Forwarded-Host only behind a trusted proxy, and refuses whatever Next.js would", () => {
    const behindProxy = (headers: Record<string, string>) =>
      new NextRequest("http://127.0.0.1:3000/products/halo-x", {
        method: "POST",
        headers: { host: "127.0.0.1:3000", "next-action": ACTION_ID, ...headers },
      });
    const forwarded = behindProxy({ origin: "https://shop.example", "x-forwarded-host": "shop.example" });
    expect(refuseActionPost(forwarded, () => true)).toBeNull();
    expect(refuseActionPost(forwarded, () => false)?.status).toBe(403);
    // Next.js compares with X-Forwarded-Host when there is one: an Origin that matches only
    // the Host would be its 500, so it is our 403 whatever the setting.
    const mismatch = behindProxy({ origin: "http://127.0.0.1:3000", "x-forwarded-host": "elsewhere.example" });
    expect(refuseActionPost(mismatch, () => true)?.status).toBe(403);
    expect(refuseActionPost(mismatch, () => false)?.status).toBe(403);
  });
});
