// An in-process stand-in for Stripe's API, reached through the official SDK: the SDK is given
// `Stripe.createFetchHttpClient(simulator.fetch)`, so no socket is opened (it works on Vercel
// and in tests) and every request, idempotency replay, card error and webhook goes through the
// same SDK code paths as with Stripe. State lives in memory, one simulator per process (see
// `paymentSimulator()`): a restart forgets simulated payments, which is fine for a simulator.
//
// Webhooks: every state change queues a Stripe event, signed with Stripe's scheme
// (`Stripe-Signature: t=...,v1=HMAC-SHA256("t.payload")`) and handed to the registered sink,
// which the app points at its webhook handler. Tests deliver by hand: late, twice, reversed.
import "server-only";
import { randomBytes } from "node:crypto";
import Stripe from "stripe";
import { env } from "@/lib/env";
import { SimulatedAccount, type SimulatedIntent } from "@/lib/payments/simulator-account";
import {
  bodyText,
  fingerprint,
  headerValue,
  idempotencyError,
  invalidRequest,
  networkError,
  newId,
  nowSeconds,
  parseForm,
  serverError,
  toResponse,
  type ApiReply,
  type Params,
} from "@/lib/payments/simulator-http";

export type { SimulatedIntent } from "@/lib/payments/simulator-account";

/** Receives one signed delivery; throwing asks for redelivery, as a non-2xx answer would with Stripe. */
export type WebhookSink = (delivery: { payload: string; signature: string; event: Stripe.Event }) => unknown;

export interface SimulatorOptions {
  /** Signs the webhook events (the `whsec_...` of a Stripe endpoint). */
  webhookSecret: string;
  /** How long a "confirms later" payment stays processing (ms); null: until `settle()` is called. */
  settleAfterMs?: number | null;
  /** Deliver events to the sink on its own (the app), or only on `deliver()` (tests). */
  autoDeliver?: boolean;
  now?: () => number;
}

export interface DeliverOptions {
  /** Deliver every event twice (the whole batch, then the whole batch again). */
  duplicate?: boolean;
  /** Deliver newest first. */
  reverse?: boolean;
  /** Sign as of this Unix time (seconds), e.g. ten minutes ago for a stale event. */
  signedAt?: number;
}

export interface Delivery {
  eventId: string;
  type: string;
  delivered: boolean;
  error?: unknown;
}

/** A failure the next request meets: refused before it arrives, a 500, or a lost answer after it was processed. */
export type InjectedFailure = "network" | "server_error" | "timeout_after";

const MAX_AUTO_ATTEMPTS = 5;

export class PaymentSimulator {
  readonly webhookSecret: string;
  /** The fetch function to give `Stripe.createFetchHttpClient`. */
  readonly fetch: typeof fetch;
  private readonly account: SimulatedAccount;
  private readonly replies = new Map<string, { endpoint: string; fingerprint: string; reply: ApiReply }>();
  private readonly attempts = new Map<string, number>();
  private readonly autoDeliver: boolean;
  private readonly now: () => number;
  private pending: Stripe.Event[] = [];
  private failures: (InjectedFailure | null)[] = [];
  private sink: WebhookSink | null = null;
  private flushScheduled = false;

  constructor(options: SimulatorOptions) {
    this.webhookSecret = options.webhookSecret;
    this.autoDeliver = options.autoDeliver ?? false;
    this.now = options.now ?? Date.now;
    this.account = new SimulatedAccount((type, object) => this.queue(type, object), options.settleAfterMs ?? null, this.now);
    this.fetch = (input, init) => this.handle(input, init);
  }

  /** Points webhook deliveries at `sink` (null: keep them queued); queued events follow. */
  setWebhookSink(sink: WebhookSink | null): void {
    this.sink = sink;
    if (sink && this.autoDeliver) this.scheduleFlush(0);
  }

  /** Events not yet delivered, oldest first. */
  pendingEvents(): Stripe.Event[] {
    return [...this.pending];
  }

  /** Delivers the queued events to the sink, in the order and number asked for; failed ones stay queued. */
  async deliver(options: DeliverOptions = {}): Promise<Delivery[]> {
    if (!this.sink || this.pending.length === 0) return [];
    const batch = this.pending;
    this.pending = [];
    const ordered = options.reverse ? [...batch].reverse() : batch;
    const sends = options.duplicate ? [...ordered, ...ordered] : ordered;
    const deliveries: Delivery[] = [];
    for (const event of sends) {
      const payload = JSON.stringify(event, null, 2);
      const timestamp = options.signedAt ?? nowSeconds(this.now());
      const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: this.webhookSecret, timestamp });
      try {
        await this.sink({ payload, signature, event });
        deliveries.push({ eventId: event.id, type: event.type, delivered: true });
      } catch (error) {
        deliveries.push({ eventId: event.id, type: event.type, delivered: false, error });
      }
    }
    const failed = batch.filter((event) => !deliveries.some((d) => d.eventId === event.id && d.delivered));
    this.pending = [...failed, ...this.pending];
    return deliveries;
  }

  /** The customer answered the simulated bank's check (3-D Secure); null when no such intent waits. */
  answerChallenge(intentId: string, passed: boolean): { returnUrl: string | null } | null {
    const answered = this.account.answerChallenge(intentId, passed);
    if (answered && this.autoDeliver) this.scheduleFlush(0);
    return answered;
  }

  /**
   * A refund made in the provider's own dashboard (no idempotency key, no metadata of ours):
   * what charge.refunded reconciliation must pick up. Throws when the intent cannot refund it.
   */
  refundFromDashboard(intentId: string, amountCents?: number): string {
    const reply = this.account.refund({ payment_intent: intentId, ...(amountCents ? { amount: String(amountCents) } : {}) });
    if (reply.status !== 200) throw new Error(`dashboard refund refused: ${JSON.stringify(reply.body)}`);
    if (this.autoDeliver) this.scheduleFlush(0);
    return (reply.body as { id: string }).id;
  }

  /** Settles "confirms later" payments now (all, or one intent); their events are queued. */
  settle(intentId?: string): number {
    return this.account.settle(intentId);
  }

  /** The simulated payments (optionally of one order), for assertions such as "captured at most once". */
  paymentIntents(filter: { orderId?: string } = {}): SimulatedIntent[] {
    return this.account.list(filter);
  }

  /** The next `count` requests, after `after` that pass, meet this failure. */
  failNext(failure: InjectedFailure, options: { count?: number; after?: number } = {}): void {
    const { count = 1, after = 0 } = options;
    this.failures.push(...Array<null>(after).fill(null), ...Array<InjectedFailure>(count).fill(failure));
  }

  private async handle(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    const url = new URL(input instanceof Request ? input.url : input);
    const method = (init?.method ?? "GET").toUpperCase();
    const failure = this.failures.shift();
    if (failure === "network") throw networkError("ECONNREFUSED");
    if (failure === "server_error") return toResponse(serverError(), {});
    const params = parseForm(method === "POST" ? await bodyText(init?.body) : url.search.slice(1));
    // Stripe ignores idempotency keys on GET; the SDK sends none there.
    const key = method === "POST" ? headerValue(init?.headers, "idempotency-key") : null;
    const endpoint = `${method} ${url.pathname}`;
    const stored = key ? this.replies.get(key) : undefined;
    let reply: ApiReply;
    const headers: Record<string, string> = { "stripe-version": headerValue(init?.headers, "stripe-version") ?? Stripe.API_VERSION };
    if (key) headers["idempotency-key"] = key;
    if (key && stored) {
      if (stored.endpoint !== endpoint) reply = idempotencyError(key, "endpoint");
      else if (stored.fingerprint !== fingerprint(params)) reply = idempotencyError(key, "params");
      else {
        reply = { ...stored.reply, lost: false };
        headers["idempotent-replayed"] = "true";
      }
    } else {
      // Synchronous from here to the store: two requests with one key cannot both execute.
      this.account.settleDue();
      reply = this.route(method, url.pathname, params);
      if (key) this.replies.set(key, { endpoint, fingerprint: fingerprint(params), reply });
    }
    if (reply.lost || failure === "timeout_after") throw networkError("ETIMEDOUT");
    return toResponse(reply, headers);
  }

  private route(method: string, path: string, params: Params): ApiReply {
    const intent = /^\/v1\/payment_intents\/([^/]+)(?:\/(confirm|cancel))?$/.exec(path);
    if (method === "POST" && path === "/v1/payment_intents") return this.account.createIntent(params);
    if (method === "POST" && path === "/v1/refunds") return this.account.refund(params);
    if (method === "GET" && path === "/v1/refunds") return this.account.listRefunds(params);
    if (intent?.[1] && method === "GET" && !intent[2]) return this.account.retrieve(decodeURIComponent(intent[1]), params);
    if (intent?.[1] && method === "POST" && intent[2] === "confirm") return this.account.confirm(decodeURIComponent(intent[1]), params);
    if (intent?.[1] && method === "POST" && intent[2] === "cancel") return this.account.cancel(decodeURIComponent(intent[1]), params);
    return invalidRequest(
      `Unrecognized request URL (${method}: ${path}). The payment simulator implements PaymentIntents and refunds only.`,
      {
        status: 404,
      },
    );
  }

  private queue(type: string, object: unknown): void {
    const event = {
      id: newId("evt"),
      object: "event",
      api_version: Stripe.API_VERSION,
      created: nowSeconds(this.now()),
      data: { object },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    } as unknown as Stripe.Event;
    this.pending.push(event);
    if (this.autoDeliver) this.scheduleFlush(0);
  }

  /** Auto delivery: after the current request has answered, like a real webhook; failures retry with backoff. */
  private scheduleFlush(delayMs: number): void {
    if (this.flushScheduled || !this.sink) return;
    this.flushScheduled = true;
    const timer = setTimeout(() => void this.flush(), delayMs);
    timer.unref?.();
  }

  private async flush(): Promise<void> {
    const deliveries = await this.deliver();
    this.flushScheduled = false;
    let retryIn = 0;
    for (const { eventId, delivered, type, error } of deliveries) {
      if (delivered) {
        this.attempts.delete(eventId);
        continue;
      }
      const attempts = (this.attempts.get(eventId) ?? 0) + 1;
      this.attempts.set(eventId, attempts);
      if (attempts >= MAX_AUTO_ATTEMPTS) {
        this.pending = this.pending.filter((event) => event.id !== eventId);
        this.attempts.delete(eventId);
        console.warn(`payment simulator: gave up delivering ${type} ${eventId}`, error);
      } else {
        retryIn = Math.max(retryIn, 1000 * 2 ** (attempts - 1));
      }
    }
    if (this.pending.length > 0) this.scheduleFlush(retryIn);
  }
}

const GLOBAL_KEY = Symbol.for("storefront.payments.simulator");

/**
 * The process's simulator, kept on globalThis so that Next's hot reload, which re-evaluates
 * modules, keeps the simulated payments. Its webhook secret is STRIPE_WEBHOOK_SECRET when set,
 * otherwise random per process: the events are signed and verified inside this process only,
 * so nobody outside can forge one.
 */
export function paymentSimulator(): PaymentSimulator {
  const store = globalThis as unknown as Record<symbol, PaymentSimulator | undefined>;
  const config = env();
  store[GLOBAL_KEY] ??= new PaymentSimulator({
    webhookSecret: config.STRIPE_WEBHOOK_SECRET ?? `whsec_${randomBytes(24).toString("base64url")}`,
    settleAfterMs: config.PAYMENT_SIMULATOR_DELAY,
    autoDeliver: true,
  });
  return store[GLOBAL_KEY];
}
