// The one place that reads process.env: every setting validated once, with its default.
import { z } from "zod";

const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/;
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** "90" (seconds), "90s", "15m", "1h", "24h", "500ms" -> milliseconds. */
export function parseDuration(value: string): number {
  const match = DURATION.exec(value.trim());
  if (!match) throw new Error(`not a duration: "${value}" (use e.g. 30s, 15m, 1h)`);
  const unit = (match[2] ?? "s") as keyof typeof UNIT_MS;
  return Math.round(Number(match[1]) * UNIT_MS[unit]);
}

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      try {
        const ms = parseDuration(value);
        if (ms <= 0) throw new Error("must be positive");
        return ms;
      } catch (error) {
        ctx.addIssue({ code: "custom", message: (error as Error).message });
        return z.NEVER;
      }
    });

// Secrets have development defaults so `npm run dev` works with no set-up; production
// (`next start` sets NODE_ENV=production) must set real ones. The demo launcher does.
// settingsProblems() decides "production" for the settings it checks instead (parsing is
// synchronous, so the override never leaks into another parse).
let productionOverride: boolean | undefined;
/** `next start` (NODE_ENV=production), outside the build. */
export const inProduction = () =>
  productionOverride ?? (process.env.NODE_ENV === "production" && process.env.NEXT_PHASE !== "phase-production-build");

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

// "address@host" or "Display Name <address@host>" (nodemailer quotes and encodes the name).
const MAILBOX = /^(?:[^<>]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/;

const secret = (name: string) =>
  z
    .string()
    .min(16, `${name} must be at least 16 characters`)
    .optional()
    .transform((value, ctx) => {
      if (value) return value;
      if (inProduction()) {
        ctx.addIssue({ code: "custom", message: `${name} must be set in production` });
        return z.NEVER;
      }
      return `development-only-${name.toLowerCase()}`;
    });

const schema = z
  .object({
    DATABASE_URL: z.string().url().optional(),
    // A server that keeps a session: migrations and the schema engine (a session advisory lock)
    // and test databases (CREATE DATABASE) use it when DATABASE_URL is a transaction-mode pooler.
    DIRECT_DATABASE_URL: z.preprocess((value) => (value === "" ? undefined : value), z.string().url().optional()),
    // Streaming replicas for reads that may lag (lib/db/client.ts readMayLag): the catalogue and
    // the descriptive parts of product pages only. A replica further behind than
    // DATABASE_REPLICA_MAX_LAG, or down, is passed over for the primary.
    DATABASE_REPLICA_URLS: z.preprocess(
      (value) =>
        typeof value === "string"
          ? value
              .split(",")
              .map((url) => url.trim())
              .filter(Boolean)
          : (value ?? []),
      z.array(z.string().url("DATABASE_REPLICA_URLS must be PostgreSQL URLs separated by commas")).max(16),
    ),
    DATABASE_REPLICA_MAX_LAG: duration("5s"),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(8),
    CART_HOLD_TTL: duration("1h"),
    ORDER_PAYMENT_TTL: duration("24h"),
    // Against inventory denial: an unpaid order keeps its stock until ORDER_PAYMENT_TTL, so one
    // customer may have at most this many units of one listing, and this many orders, awaiting payment.
    CUSTOMER_UNITS_PER_LISTING: z.coerce.number().int().min(1).max(10_000).default(5),
    CUSTOMER_UNPAID_ORDERS: z.coerce.number().int().min(1).max(1_000).default(3),
    SWEEP_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
    // Checkout saga: a worker that commits no step for SAGA_LEASE loses the saga to the recovery
    // sweep; a payment still processing (or unanswered) is asked about again after PAYMENT_POLL_INTERVAL.
    SAGA_LEASE: duration("30s"),
    PAYMENT_POLL_INTERVAL: duration("30s"),
    CRON_SECRET: secret("CRON_SECRET"),
    CONTACT_HMAC_SECRET: secret("CONTACT_HMAC_SECRET"),
    NEXTAUTH_SECRET: secret("NEXTAUTH_SECRET"),
    // The public URL (next-auth reads it too): an absolute callbackUrl to it counts as our own.
    NEXTAUTH_URL: z.preprocess((value) => (value === "" ? undefined : value), z.string().url().optional()),
    // Read by next-auth too: without NEXTAUTH_URL, on Vercel or with AUTH_TRUST_HOST set, it takes
    // its URL (and so whether the session cookie is a __Secure- one) from the forwarded host and
    // protocol; lib/auth/session-cookie.ts names the cookie the way it does.
    VERCEL: z.string().optional(),
    AUTH_TRUST_HOST: z.string().optional(),
    SHOP_NAME: z.string().min(1).default("Scarce & Co."),
    // The zone whose midnight starts an owner's "today" (the dashboard's sales tiles), an IANA
    // name such as Europe/Helsinki. Times shown to people are in their own browser's zone.
    SHOP_TIME_ZONE: z
      .string()
      .default("UTC")
      .refine((zone) => isTimeZone(zone), { message: "SHOP_TIME_ZONE must be an IANA time zone, such as Europe/Helsinki or UTC" }),
    // Abuse limits (counters in rate_limit_buckets, shared by every instance; a key's window
    // starts at its first attempt). Sign-up counts every attempt; sign-in counts failures (a
    // successful attempt is refunded), so a busy office behind one address can still sign in
    // while a password guesser cannot.
    RATE_LIMIT_WINDOW: duration("10m"),
    // Whether a proxy in front sets X-Real-IP / X-Forwarded-For (then they name the client);
    // otherwise a client could write them and reset its limits. On by default on Vercel.
    TRUST_PROXY_HEADERS: z.preprocess(
      (value) =>
        value === undefined || value === ""
          ? process.env.VERCEL
            ? "true"
            : "false"
          : typeof value === "string"
            ? value.toLowerCase()
            : value,
      z
        .enum(["true", "false", "1", "0", "yes", "no"], { message: "TRUST_PROXY_HEADERS must be true or false" })
        .transform((value) => ["true", "1", "yes"].includes(value)),
    ),
    SIGN_UP_LIMIT_PER_IP: z.coerce.number().int().min(1).default(20),
    // Joins of drops' lines per client address per window: one place per account anyway, so
    // this only slows a script that makes accounts to fill the line from one machine.
    DROP_JOIN_LIMIT_PER_IP: z.coerce.number().int().min(1).default(30),
    SIGN_UP_LIMIT_PER_CONTACT: z.coerce.number().int().min(1).default(5),
    SIGN_IN_LIMIT_PER_IP: z.coerce.number().int().min(1).default(50),
    // Per account and client pair: this many failures per tenth of the window, twice that per
    // window, four times per six windows (growing waits); per account over all clients, a far
    // higher ceiling, so a guesser elsewhere cannot lock the owner out (lib/accounts/sign-in.ts).
    SIGN_IN_LIMIT_PER_ACCOUNT_CLIENT: z.coerce.number().int().min(1).default(5),
    SIGN_IN_LIMIT_PER_ACCOUNT: z.coerce.number().int().min(1).default(100),
    // "Forgot your password?" requests per client address and per email address per window
    // (every request counts, known email or not, so the answer tells nobody who has an account).
    PASSWORD_RESET_LIMIT_PER_IP: z.coerce.number().int().min(1).default(20),
    PASSWORD_RESET_LIMIT_PER_CONTACT: z.coerce.number().int().min(1).default(3),
    // The outbox page /dev/mail (every user's notifications, reset links included) exists only
    // while no mail transport is configured and outside production, or in production with this
    // on (the demo and the e2e servers run `next start`). Never set it on a real deployment.
    DEV_MAIL_PAGE: z.preprocess(
      (value) => (value === undefined || value === "" ? "false" : typeof value === "string" ? value.toLowerCase() : value),
      z
        .enum(["true", "false", "1", "0", "yes", "no"], { message: "DEV_MAIL_PAGE must be 1 or 0" })
        .transform((value) => ["true", "1", "yes"].includes(value)),
    ),
    // The yardstick server actions of `npm run bench:http` (app/bench): off, they answer a
    // refusal and do nothing. Only the bench's own servers turn them on.
    BENCH_ACTIONS: z.preprocess(
      (value) => (value === undefined || value === "" ? "false" : typeof value === "string" ? value.toLowerCase() : value),
      z
        .enum(["true", "false", "1", "0", "yes", "no"], { message: "BENCH_ACTIONS must be 1 or 0" })
        .transform((value) => ["true", "1", "yes"].includes(value)),
    ),
    // Mail (lib/notifications/mail.ts). With an SMTP server's URL the outbox sweep mails every
    // notification to its account's address (smtp://user:pass@host:587 upgrades with STARTTLS
    // when offered; smtps://host:465 is TLS from the start); unset, notifications are only logged
    // and shown in the app. MAIL_FROM is the sender, "Name <address>" or a bare address.
    SMTP_URL: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z
        .string()
        .regex(/^smtps?:\/\/[^\s/?#]+\/?(\?\S*)?$/i, "SMTP_URL must look like smtp://user:pass@host:587 or smtps://host:465")
        .optional(),
    ),
    MAIL_FROM: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z.string().regex(MAILBOX, 'MAIL_FROM must be an address, or "Name <address>"').optional(),
    ),
    // Payments (lib/payments). Without a secret key the Stripe SDK talks to our in-process
    // simulator; with one it talks to Stripe, and then Stripe's webhook signing secret is
    // required too. Unset, the simulator signs its events with a random per-process secret.
    STRIPE_SECRET_KEY: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z
        .string()
        .regex(/^(sk|rk)_(test|live)_\w+$/, "STRIPE_SECRET_KEY must look like sk_test_... or sk_live_...")
        .optional(),
    ),
    STRIPE_WEBHOOK_SECRET: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z.string().min(16, "STRIPE_WEBHOOK_SECRET must be at least 16 characters").optional(),
    ),
    // Stripe's publishable key (pk_test_… / pk_live_…): with it (and the secret key) the checkout
    // collects the card with Stripe's Payment Element in the browser, and the CSP allows Stripe.js.
    STRIPE_PUBLISHABLE_KEY: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z
        .string()
        .regex(/^pk_(test|live)_\w+$/, "STRIPE_PUBLISHABLE_KEY must look like pk_test_... or pk_live_...")
        .optional(),
    ),
    // How long a bank's check (3-D Secure) may go unanswered before the payment is given up
    // and the checkout compensated as a decline.
    PAYMENT_ACTION_TIMEOUT: duration("15m"),
    // How long the simulator keeps a "confirms later" test card processing before its webhook.
    PAYMENT_SIMULATOR_DELAY: duration("3s"),
    // A payment simulator shared by every instance (scripts/payment-simulator-server.ts): the
    // Stripe SDK talks to it over HTTP instead of to the simulator inside this process, which
    // another instance behind the load balancer could not see.
    PAYMENT_SIMULATOR_URL: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z
        .string()
        .regex(/^https?:\/\/[^\s/?#]+\/?$/i, "PAYMENT_SIMULATOR_URL must look like http://127.0.0.1:12111")
        .optional(),
    ),
  })
  .refine((config) => !config.PAYMENT_SIMULATOR_URL || !config.STRIPE_SECRET_KEY, {
    message: "PAYMENT_SIMULATOR_URL and STRIPE_SECRET_KEY exclude each other: payments go to the simulator or to Stripe",
    path: ["PAYMENT_SIMULATOR_URL"],
  })
  .refine((config) => !config.PAYMENT_SIMULATOR_URL || Boolean(config.STRIPE_WEBHOOK_SECRET), {
    message: "STRIPE_WEBHOOK_SECRET must be set with PAYMENT_SIMULATOR_URL (the secret the shared simulator signs its webhooks with)",
    path: ["STRIPE_WEBHOOK_SECRET"],
  })
  .refine((config) => !config.SMTP_URL || Boolean(config.NEXTAUTH_URL), {
    message: "NEXTAUTH_URL must be set with SMTP_URL (mailed links are absolute URLs on it)",
    path: ["NEXTAUTH_URL"],
  })
  .refine((config) => !config.STRIPE_SECRET_KEY || Boolean(config.STRIPE_WEBHOOK_SECRET), {
    message: "STRIPE_WEBHOOK_SECRET must be set with STRIPE_SECRET_KEY (the endpoint's signing secret, whsec_...)",
    path: ["STRIPE_WEBHOOK_SECRET"],
  })
  // The browser collects cards with the publishable key and the server confirms with the secret
  // key: one without the other cannot take a payment (a card number would have nowhere to go).
  .refine((config) => Boolean(config.STRIPE_SECRET_KEY) === Boolean(config.STRIPE_PUBLISHABLE_KEY), {
    message: "STRIPE_PUBLISHABLE_KEY and STRIPE_SECRET_KEY go together: set both (test or live keys of one account) or neither",
    path: ["STRIPE_PUBLISHABLE_KEY"],
  })
  .refine(
    (config) =>
      !config.STRIPE_SECRET_KEY ||
      !config.STRIPE_PUBLISHABLE_KEY ||
      config.STRIPE_SECRET_KEY.includes("_live_") === config.STRIPE_PUBLISHABLE_KEY.includes("_live_"),
    { message: "STRIPE_PUBLISHABLE_KEY and STRIPE_SECRET_KEY must both be test keys or both live keys", path: ["STRIPE_PUBLISHABLE_KEY"] },
  );

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  cached = parsed.data;
  return cached;
}

/**
 * What the app would refuse in these settings, one line each (empty when none), judged as
 * `next start` judges them by default: launchers check before spending minutes on a build.
 */
export function settingsProblems(source: Record<string, string | undefined>, { production = true } = {}): string[] {
  productionOverride = production;
  try {
    const parsed = schema.safeParse(source);
    return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join(".") || "settings"}: ${issue.message}`);
  } finally {
    productionOverride = undefined;
  }
}

export function databaseUrl(): string {
  const url = env().DATABASE_URL;
  if (!url) {
    throw new Error("DATABASE_URL is not set. Start the app with `npm run demo` (embedded PostgreSQL) or set DATABASE_URL.");
  }
  return url;
}
