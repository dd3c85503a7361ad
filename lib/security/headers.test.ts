import { describe, expect, it } from "vitest";
import { contentSecurityPolicy } from "@/lib/security/headers";

const directive = (policy: string, name: string) => policy.split("; ").find((part) => part.startsWith(`${name} `)) ?? null;

describe("the Content-Security-Policy", () => {
  it("allows nothing of Stripe's without a publishable key: no frames, no calls, no script host", () => {
    const policy = contentSecurityPolicy("abc");
    expect(policy).not.toContain("stripe.com");
    expect(directive(policy, "frame-src")).toBeNull();
    expect(directive(policy, "connect-src")).toBe("connect-src 'self'");
    expect(directive(policy, "script-src")).toBe("script-src 'self' 'nonce-abc' 'strict-dynamic'");
  });

  it("with a publishable key allows Stripe.js, its card and 3-D Secure frames and its API, and nothing else new", () => {
    const policy = contentSecurityPolicy("abc", { stripe: true });
    expect(directive(policy, "script-src")).toBe(
      "script-src 'self' 'nonce-abc' 'strict-dynamic' https://js.stripe.com https://*.js.stripe.com",
    );
    expect(directive(policy, "frame-src")).toBe("frame-src https://js.stripe.com https://*.js.stripe.com https://hooks.stripe.com");
    expect(directive(policy, "connect-src")).toBe("connect-src 'self' https://api.stripe.com");
    expect(directive(policy, "frame-ancestors")).toBe("frame-ancestors 'none'");
    expect(directive(policy, "form-action")).toBe("form-action 'self'");
  });
});
