import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "@/lib/auth/safe-redirect";

// What a browser makes of a Location value: resolved against our origin, the host it lands on.
function landsOn(location: string, origin = "http://localhost:3000"): string {
  return new URL(location, origin).host;
}

describe("callbackUrl never sends a visitor to another site", () => {
  const nasty = [
    "/\t/evil.example/",
    "/\n/evil.example/",
    "/\r\n/evil.example",
    "\t//evil.example",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/.//evil.example",
    "/..//evil.example",
    "https://evil.example/",
    "HTTPS://evil.example",
    "https:evil.example",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    " //evil.example",
    "\u0000//evil.example",
    "http://localhost:3000@evil.example/",
    "/%09/evil.example",
  ];

  it.each(nasty)("keeps %j on this site", (raw) => {
    const path = safeRedirectPath(raw, { origin: "http://localhost:3000" });
    expect(path.startsWith("/")).toBe(true);
    expect(path.startsWith("//")).toBe(false);
    expect(path).not.toMatch(/[\u0000-\u001f\u007f\\]/);
    expect(landsOn(path)).toBe("localhost:3000");
  });

  it("keeps a same-site path, query and hash", () => {
    expect(safeRedirectPath("/checkout?step=2#pay")).toBe("/checkout?step=2#pay");
    expect(safeRedirectPath("/products/a-b")).toBe("/products/a-b");
    expect(safeRedirectPath(["/cart", "/x"])).toBe("/cart");
  });

  it("accepts an absolute URL of our own origin, and nothing else", () => {
    expect(safeRedirectPath("http://localhost:3000/orders?x=1", { origin: "http://localhost:3000" })).toBe("/orders?x=1");
    expect(safeRedirectPath("http://localhost:3001/orders", { origin: "http://localhost:3000" })).toBe("/");
    expect(safeRedirectPath("http://localhost:3000/orders")).toBe("/");
  });

  it("answers the fallback for empty or missing values, and encodes control characters it keeps", () => {
    expect(safeRedirectPath(undefined)).toBe("/");
    expect(safeRedirectPath("", { fallback: "/cart" })).toBe("/cart");
    expect(safeRedirectPath("/a b\u0001c")).toBe("/a%20b%01c");
    // Tabs and newlines inside are dropped the way a browser drops them; none reach a header.
    expect(safeRedirectPath("/ca\r\nrt")).toBe("/cart");
  });
});
