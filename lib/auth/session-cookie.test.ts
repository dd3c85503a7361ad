// readSession must answer exactly what next-auth's getServerSession answers for the same
// request: the same cookie name (plain or __Secure-, as next-auth decides it), the same chunked
// cookies joined, the same tokens accepted and refused. Both run here on the same requests.
import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

interface FakeRequest {
  cookies: Record<string, string>;
  headers: Record<string, string>;
}
const request: FakeRequest = vi.hoisted(() => ({ cookies: {}, headers: {} }));
vi.mock("next/headers", () => ({
  cookies: () => Promise.resolve({ getAll: () => Object.entries(request.cookies).map(([name, value]) => ({ name, value })) }),
  headers: () => Promise.resolve(new Headers(request.headers)),
}));

const PLAIN = "next-auth.session-token";
const SECURE = "__Secure-next-auth.session-token";

/** The two readers, with env() read afresh under `settings` (it caches its first read). */
async function readers(settings: Record<string, string | undefined>) {
  vi.resetModules();
  for (const [name, value] of Object.entries(settings)) vi.stubEnv(name, value);
  const [{ readSession }, { authOptions }, { getServerSession }] = await Promise.all([
    import("@/lib/auth/session-cookie"),
    import("@/lib/auth/options"),
    import("next-auth"),
  ]);
  const response = { getHeader: () => undefined, setHeader: () => undefined, setCookie: () => undefined };
  return {
    secret: authOptions.secret!,
    ours: () => readSession(),
    // Called as pages and API routes call it (request and response given): the same handler
    // as the App Router form, which reads next/headers itself.
    theirs: async () => {
      const session = await getServerSession<typeof authOptions, { userId?: string; epoch?: number }>(
        { headers: request.headers, cookies: request.cookies } as never,
        response as never,
        authOptions,
      );
      return session ? { userId: session.userId, epoch: session.epoch } : null;
    },
  };
}

const SITES: [string, Record<string, string | undefined>, Record<string, string>][] = [
  ["NEXTAUTH_URL http", { NEXTAUTH_URL: "http://shop.test:3000" }, {}],
  ["NEXTAUTH_URL https", { NEXTAUTH_URL: "https://shop.example" }, {}],
  ["no NEXTAUTH_URL", { NEXTAUTH_URL: undefined, VERCEL: undefined, AUTH_TRUST_HOST: undefined }, {}],
  ["Vercel, https", { NEXTAUTH_URL: undefined, VERCEL: "1" }, { "x-forwarded-proto": "https" }],
  ["Vercel, forwarded http", { NEXTAUTH_URL: undefined, VERCEL: "1" }, { "x-forwarded-proto": "http" }],
  ["AUTH_TRUST_HOST, no protocol", { NEXTAUTH_URL: undefined, VERCEL: undefined, AUTH_TRUST_HOST: "true" }, {}],
  [
    "AUTH_TRUST_HOST, forwarded http",
    { NEXTAUTH_URL: undefined, VERCEL: undefined, AUTH_TRUST_HOST: "1" },
    { "x-forwarded-proto": "http" },
  ],
];

beforeEach(() => {
  // next-auth logs every token it refuses (JWT_SESSION_ERROR) and a missing NEXTAUTH_URL.
  vi.spyOn(console, "error").mockImplementation(() => undefined);
  vi.spyOn(console, "warn").mockImplementation(() => undefined);
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe("readSession answers what getServerSession answers", () => {
  it.each(SITES)("for every token and cookie name, %s", async (_site, settings, headers) => {
    const { secret, ours, theirs } = await readers(settings);
    const userId = randomUUID();
    const valid = await encode({ token: { sub: userId, epoch: 3 }, secret });
    const tokens: [string, string][] = [
      ["valid", valid],
      ["valid, issued before epochs existed", await encode({ token: { sub: userId }, secret })],
      ["valid, no user", await encode({ token: { epoch: 1 }, secret })],
      ["expired", await encode({ token: { sub: userId, epoch: 3 }, secret, maxAge: -60 })],
      ["another secret", await encode({ token: { sub: userId, epoch: 3 }, secret: "some-other-secret-0123456789" })],
      ["tampered", `${valid.slice(0, 40)}${valid[40] === "A" ? "B" : "A"}${valid.slice(41)}`],
      ["junk", "not-a-token"],
    ];
    const half = Math.floor(valid.length / 2);
    const jars: [string, Record<string, string>][] = [
      ["no cookie", {}],
      ...tokens.flatMap(([label, token]): [string, Record<string, string>][] => [
        [`${label} as ${PLAIN}`, { [PLAIN]: token, other: "x" }],
        [`${label} as ${SECURE}`, { [SECURE]: token }],
      ]),
      ["valid in two chunks", { [`${PLAIN}.1`]: valid.slice(half), [`${PLAIN}.0`]: valid.slice(0, half) }],
      ["valid in two secure chunks", { [`${SECURE}.0`]: valid.slice(0, half), [`${SECURE}.1`]: valid.slice(half) }],
    ];
    let signedIn = 0;
    for (const [label, jar] of jars) {
      request.cookies = jar;
      request.headers = { host: "shop.example", ...headers };
      const expected = await theirs();
      expect(await ours(), label).toEqual(expected);
      if (expected?.userId) signedIn++;
    }
    // Each site accepts its own name only: the valid token, the pre-epoch one, and the chunks.
    expect(signedIn).toBe(3);
    // A token in the Authorization header is no session cookie: neither reads it.
    request.cookies = {};
    request.headers = { host: "shop.example", authorization: `Bearer ${valid}`, ...headers };
    expect(await ours()).toBeNull();
    expect(await theirs()).toBeNull();
  });
});
