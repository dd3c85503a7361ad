// The simulated Stripe account: PaymentIntents and refunds in memory, with the state machine,
// status codes and error bodies Stripe documents for the subset the shop uses. Every state
// change emits the event Stripe would send for it.
import { invalidRequest, missing, newId, nowSeconds, ok, type ApiReply, type Params } from "@/lib/payments/simulator-http";
import { testCardByPaymentMethod, type TestCard } from "@/lib/payments/test-cards";

type IntentStatus = "requires_payment_method" | "requires_confirmation" | "requires_action" | "processing" | "succeeded" | "canceled";

type PaymentMethodObject = ReturnType<typeof paymentMethodFor>;

interface IntentRecord {
  id: string;
  amount: number;
  currency: string;
  metadata: Record<string, string>;
  receiptEmail: string | null;
  description: string | null;
  status: IntentStatus;
  created: number;
  paymentMethod: PaymentMethodObject | null;
  card: TestCard | null;
  lastError: Record<string, unknown> | null;
  chargeId: string | null;
  refunded: number;
  canceledAt: number | null;
  cancellationReason: string | null;
  /** When a "confirms later" payment settles (ms), or null while settling is manual. */
  settleAt: number | null;
  /** Where the bank's check sends the customer back (confirm's return_url). */
  returnUrl: string | null;
  refunds: RefundRecord[];
}

interface RefundRecord {
  id: string;
  amount: number;
  created: number;
  reason: string | null;
  metadata: Record<string, string>;
}

/** What tests and the audit may read about a simulated payment (no card data). */
export interface SimulatedIntent {
  id: string;
  status: IntentStatus;
  amount: number;
  currency: string;
  metadata: Record<string, string>;
  amountRefunded: number;
  last4: string | null;
}

export type Emit = (type: string, object: unknown) => void;

const CONFIRMABLE: IntentStatus[] = ["requires_payment_method", "requires_confirmation"];
const CANCELABLE: IntentStatus[] = ["requires_payment_method", "requires_confirmation", "requires_action"];

/** Stripe's refusal to confirm or cancel an intent in another state, in Stripe's words. */
function unexpectedState(action: "confirm" | "cancel", status: IntentStatus, allowed: IntentStatus[]): ApiReply {
  const done = action === "confirm" ? "confirmed" : "canceled";
  return invalidRequest(
    `You cannot ${action} this PaymentIntent because it has a status of ${status}. Only a PaymentIntent with one of the following statuses may be ${done}: ${allowed.join(", ")}.`,
    { code: "payment_intent_unexpected_state" },
  );
}

const DECLINE_MESSAGES: Record<string, string> = {
  generic_decline: "Your card was declined.",
  insufficient_funds: "Your card has insufficient funds.",
};

export class SimulatedAccount {
  private readonly intents = new Map<string, IntentRecord>();

  constructor(
    private readonly emit: Emit,
    private readonly settleAfterMs: number | null,
    private readonly now: () => number,
  ) {}

  createIntent(params: Params): ApiReply {
    const amount = Number(params.amount);
    if (!Number.isInteger(amount)) return invalidRequest("Invalid integer: amount", { code: "parameter_invalid_integer", param: "amount" });
    if (amount < 50)
      return invalidRequest("Amount must be at least 50 in the currency's smallest unit", { code: "amount_too_small", param: "amount" });
    const currency = typeof params.currency === "string" ? params.currency.toLowerCase() : "";
    if (!/^[a-z]{3}$/.test(currency))
      return invalidRequest("Missing required param: currency.", { code: "parameter_missing", param: "currency" });
    // Cards only (`allowed_payment_method_types`, formerly `payment_method_types`).
    const types = params.allowed_payment_method_types ?? params.payment_method_types;
    if (types !== undefined && (!Array.isArray(types) || types.some((type) => type !== "card"))) {
      return invalidRequest("The simulator accepts card payments only.", { param: "allowed_payment_method_types" });
    }
    const intent: IntentRecord = {
      id: newId("pi"),
      amount,
      currency,
      metadata: stringRecord(params.metadata),
      receiptEmail: typeof params.receipt_email === "string" ? params.receipt_email : null,
      description: typeof params.description === "string" ? params.description : null,
      status: "requires_payment_method",
      created: nowSeconds(this.now()),
      paymentMethod: null,
      card: null,
      lastError: null,
      chargeId: null,
      refunded: 0,
      canceledAt: null,
      cancellationReason: null,
      settleAt: null,
      returnUrl: null,
      refunds: [],
    };
    this.intents.set(intent.id, intent);
    this.emit("payment_intent.created", this.body(intent, []));
    if (params.confirm === "true") return this.confirm(intent.id, params);
    return ok(this.body(intent, expansions(params)));
  }

  confirm(id: string, params: Params): ApiReply {
    const intent = this.intents.get(id);
    if (!intent) return missing("payment_intent", id, "intent");
    this.settleDue();
    if (!CONFIRMABLE.includes(intent.status)) return unexpectedState("confirm", intent.status, CONFIRMABLE);
    if (typeof params.confirmation_token === "string") {
      // ConfirmationTokens come from Stripe.js in a browser talking to Stripe: the simulator has none.
      return missing("confirmation_token", params.confirmation_token, "confirmation_token");
    }
    const pm = typeof params.payment_method === "string" ? params.payment_method : null;
    if (!pm)
      return invalidRequest("You cannot confirm this PaymentIntent because it's missing a payment method.", { param: "payment_method" });
    const card = testCardByPaymentMethod(pm);
    if (!card) return missing("PaymentMethod", pm, "payment_method");
    const method = paymentMethodFor(card, this.now());
    intent.card = card;
    intent.chargeId = newId("ch");
    if (card.outcome === "declined") {
      const declineCode = card.declineCode ?? "generic_decline";
      intent.status = "requires_payment_method";
      intent.paymentMethod = null;
      intent.lastError = {
        type: "card_error",
        code: "card_declined",
        decline_code: declineCode,
        message: DECLINE_MESSAGES[declineCode],
        charge: intent.chargeId,
        doc_url: "https://stripe.com/docs/error-codes/card-declined",
        payment_method: method,
      };
      const body = this.body(intent, []);
      this.emit("payment_intent.payment_failed", body);
      return { status: 402, body: { error: { ...intent.lastError, payment_intent: body } } };
    }
    intent.paymentMethod = method;
    intent.lastError = null;
    intent.returnUrl = typeof params.return_url === "string" ? params.return_url : null;
    if (card.outcome === "authenticates") {
      intent.status = "requires_action";
      this.emit("payment_intent.requires_action", this.body(intent, []));
    } else if (card.outcome === "confirms_later") {
      intent.status = "processing";
      if (this.settleAfterMs !== null) {
        intent.settleAt = this.now() + this.settleAfterMs;
        // The timer settles this intent itself (timers may fire a millisecond before Date.now()
        // reaches settleAt); requests settle what is due too, in case it never runs.
        setTimeout(() => {
          if (intent.status === "processing") this.succeed(intent);
        }, this.settleAfterMs).unref?.();
      }
      this.emit("payment_intent.processing", this.body(intent, []));
    } else {
      this.succeed(intent);
    }
    return { ...ok(this.body(intent, expansions(params))), lost: card.outcome === "no_answer" };
  }

  /**
   * The bank's check (3-D Secure) answered, as the simulator's challenge page reports it:
   * passed captures the payment; failed leaves it unpaid with Stripe's authentication error.
   * Null when no such intent waits for a check.
   */
  answerChallenge(id: string, passed: boolean): { returnUrl: string | null } | null {
    const intent = this.intents.get(id);
    if (!intent || intent.status !== "requires_action") return null;
    if (passed) {
      this.succeed(intent);
    } else {
      intent.status = "requires_payment_method";
      intent.lastError = {
        type: "invalid_request_error",
        code: "payment_intent_authentication_failure",
        message:
          "The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.",
        payment_method: intent.paymentMethod,
      };
      intent.paymentMethod = null;
      this.emit("payment_intent.payment_failed", this.body(intent, []));
    }
    return { returnUrl: intent.returnUrl };
  }

  retrieve(id: string, params: Params): ApiReply {
    const intent = this.intents.get(id);
    if (!intent) return missing("payment_intent", id, "intent");
    this.settleDue();
    return ok(this.body(intent, expansions(params)));
  }

  cancel(id: string, params: Params): ApiReply {
    const intent = this.intents.get(id);
    if (!intent) return missing("payment_intent", id, "intent");
    this.settleDue();
    if (!CANCELABLE.includes(intent.status)) return unexpectedState("cancel", intent.status, CANCELABLE);
    intent.status = "canceled";
    intent.canceledAt = nowSeconds(this.now());
    intent.cancellationReason = typeof params.cancellation_reason === "string" ? params.cancellation_reason : null;
    const body = this.body(intent, []);
    this.emit("payment_intent.canceled", body);
    return ok(this.body(intent, expansions(params)));
  }

  refund(params: Params): ApiReply {
    const id = typeof params.payment_intent === "string" ? params.payment_intent : "";
    const intent = this.intents.get(id);
    if (!intent) return missing("payment_intent", id, "payment_intent");
    this.settleDue();
    if (intent.status !== "succeeded" || !intent.chargeId) {
      return invalidRequest(`This PaymentIntent (${id}) does not have a successful charge to refund.`, { code: "charge_not_refundable" });
    }
    const remaining = intent.amount - intent.refunded;
    if (remaining === 0) return invalidRequest(`Charge ${intent.chargeId} has already been refunded.`, { code: "charge_already_refunded" });
    const amount = params.amount === undefined ? remaining : Number(params.amount);
    if (!Number.isInteger(amount) || amount <= 0 || amount > remaining) {
      return invalidRequest(`Refund amount (${String(params.amount)}) is greater than unrefunded amount on charge (${remaining})`, {
        param: "amount",
      });
    }
    intent.refunded += amount;
    const record: RefundRecord = {
      id: newId("re"),
      amount,
      created: nowSeconds(this.now()),
      reason: typeof params.reason === "string" ? params.reason : null,
      metadata: stringRecord(params.metadata),
    };
    intent.refunds.push(record);
    const refund = this.refundBody(intent, record);
    this.emit("refund.created", refund);
    this.emit("charge.refunded", {
      id: intent.chargeId,
      object: "charge",
      amount: intent.amount,
      amount_refunded: intent.refunded,
      refunded: intent.refunded === intent.amount,
      currency: intent.currency,
      payment_intent: intent.id,
      metadata: intent.metadata,
      status: "succeeded",
    });
    return ok(refund);
  }

  /** GET /v1/refunds?payment_intent=…: the intent's refunds, newest first, as one page. */
  listRefunds(params: Params): ApiReply {
    const id = typeof params.payment_intent === "string" ? params.payment_intent : "";
    const intent = this.intents.get(id);
    if (!intent) return missing("payment_intent", id, "payment_intent");
    const data = [...intent.refunds].reverse().map((record) => this.refundBody(intent, record));
    return ok({ object: "list", data, has_more: false, url: "/v1/refunds" });
  }

  private refundBody(intent: IntentRecord, record: RefundRecord) {
    return {
      id: record.id,
      object: "refund",
      amount: record.amount,
      currency: intent.currency,
      charge: intent.chargeId,
      payment_intent: intent.id,
      status: "succeeded",
      reason: record.reason,
      metadata: record.metadata,
      created: record.created,
    };
  }

  /** Settles "confirms later" payments whose time has come: timers may never fire on a frozen serverless instance. */
  settleDue(): void {
    const now = this.now();
    for (const intent of this.intents.values()) {
      if (intent.status === "processing" && intent.settleAt !== null && intent.settleAt <= now) this.succeed(intent);
    }
  }

  /** Settles "confirms later" payments now (all, or one); returns how many settled. */
  settle(intentId?: string): number {
    let settled = 0;
    for (const intent of this.intents.values()) {
      if (intent.status !== "processing" || (intentId && intent.id !== intentId)) continue;
      this.succeed(intent);
      settled++;
    }
    return settled;
  }

  list(filter: { orderId?: string } = {}): SimulatedIntent[] {
    return [...this.intents.values()]
      .filter((intent) => filter.orderId === undefined || intent.metadata.order_id === filter.orderId)
      .map((intent) => ({
        id: intent.id,
        status: intent.status,
        amount: intent.amount,
        currency: intent.currency,
        metadata: { ...intent.metadata },
        amountRefunded: intent.refunded,
        last4: intent.card?.number.slice(-4) ?? null,
      }));
  }

  private succeed(intent: IntentRecord): void {
    intent.status = "succeeded";
    intent.settleAt = null;
    this.emit("payment_intent.succeeded", this.body(intent, []));
  }

  /** The PaymentIntent as Stripe's API shows it; `expand` may ask for the payment method object. */
  private body(intent: IntentRecord, expand: string[]): Record<string, unknown> {
    const method = intent.paymentMethod;
    return {
      id: intent.id,
      object: "payment_intent",
      amount: intent.amount,
      amount_received: intent.status === "succeeded" ? intent.amount : 0,
      currency: intent.currency,
      status: intent.status,
      metadata: { ...intent.metadata },
      receipt_email: intent.receiptEmail,
      description: intent.description,
      created: intent.created,
      livemode: false,
      capture_method: "automatic",
      confirmation_method: "automatic",
      allowed_payment_method_types: ["card"],
      payment_method_types: ["card"],
      client_secret: `${intent.id}_secret_simulated`,
      payment_method: method && (expand.includes("payment_method") ? method : method.id),
      latest_charge: intent.status === "succeeded" ? intent.chargeId : null,
      last_payment_error: intent.lastError,
      next_action:
        intent.status === "requires_action"
          ? { type: "redirect_to_url", redirect_to_url: { url: challengePath(intent.id), return_url: intent.returnUrl } }
          : null,
      canceled_at: intent.canceledAt,
      cancellation_reason: intent.cancellationReason,
    };
  }
}

/** The simulator's stand-in for a bank's 3-D Secure page (app/(shop)/payments/challenge/[id]). */
export function challengePath(intentId: string): string {
  return `/payments/challenge/${intentId}`;
}

function paymentMethodFor(card: TestCard, now: number) {
  const year = new Date(now).getUTCFullYear();
  return {
    id: newId("pm"),
    object: "payment_method" as const,
    type: "card" as const,
    card: { brand: card.brand, last4: card.number.slice(-4), exp_month: 12, exp_year: year + 3, funding: "credit", country: "US" },
    created: nowSeconds(now),
    livemode: false,
    metadata: {} as Record<string, string>,
  };
}

function stringRecord(value: unknown): Record<string, string> {
  if (!value || typeof value !== "object") return {};
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, inner]) => [key, String(inner)]));
}

function expansions(params: Params): string[] {
  return Array.isArray(params.expand) ? params.expand.map(String) : [];
}
