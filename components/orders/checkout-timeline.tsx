import { LocalClock } from "@/components/cart/hold-countdown";
import styles from "@/components/orders/orders.module.css";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { checkoutFailureMessage } from "@/lib/actions/messages";
import type { SagaStatus, SagaStepName } from "@/lib/checkout/saga-store";
import type { CheckoutAttempt, TimelineStep, TimelineStepState } from "@/lib/orders/saga-timeline";

export type TimelineAudience = "customer" | "owner";

const LABELS: Record<SagaStepName, string> = {
  CREATE_ORDER: "Checkout started",
  RESERVE: "Items reserved",
  DISCOUNTS: "Discounts applied",
  PRICE: "Total calculated",
  PAYMENT: "Payment",
  CONFIRM: "Order confirmed",
  NOTIFY: "Confirmation sent",
  REFUND: "Late payment refunded",
};

/** What undoing each step did, in the customer's terms. */
const UNDONE: Partial<Record<SagaStepName, string>> = {
  CREATE_ORDER: "The order waits for another payment until its deadline.",
  RESERVE: "The items were released and went back on sale.",
  DISCOUNTS: "Discounts were given back for the next customer.",
};

const STATES: Record<TimelineStepState, { text: string; mark: string }> = {
  done: { text: "Done", mark: "✓" },
  undone: { text: "Undone", mark: "↺" },
  failed: { text: "Failed", mark: "✕" },
  refunded: { text: "Refunded", mark: "✓" },
  waiting: { text: "Waiting", mark: "…" },
  running: { text: "In progress", mark: "…" },
  skipped: { text: "Not reached", mark: "" },
};

const OUTCOMES: Record<SagaStatus, { text: string; tone: BadgeTone }> = {
  RUNNING: { text: "In progress", tone: "warning" },
  COMPENSATING: { text: "Undoing", tone: "warning" },
  COMPLETED: { text: "Paid", tone: "success" },
  COMPENSATED: { text: "Did not go through", tone: "danger" },
};

function note(step: TimelineStep, attempt: CheckoutAttempt, audience: TimelineAudience): string | null {
  if (step.state === "failed") return attempt.failure ? checkoutFailureMessage(attempt.failure, audience) : "Failed.";
  if (step.state === "undone") return UNDONE[step.step] ?? null;
  if (step.state === "waiting")
    return audience === "customer" ? "Waiting for your bank's confirmation." : "Waiting for the customer's bank.";
  return null;
}

function Attempt({ attempt, audience }: { attempt: CheckoutAttempt; audience: TimelineAudience }) {
  const outcome = OUTCOMES[attempt.status];
  return (
    <div className={styles.attempt} data-testid="checkout-attempt" data-status={attempt.status}>
      <div className={styles.attemptHead}>
        <h3>{attempt.attempt === 1 ? "Checkout" : `Payment attempt ${attempt.attempt}`}</h3>
        <Badge tone={outcome.tone}>{outcome.text}</Badge>
        <span className="muted">
          started <LocalClock iso={attempt.startedAt.toISOString()} withDay />
        </span>
      </div>
      <ol className={styles.steps}>
        {attempt.steps.map((step) => {
          const state = STATES[step.state];
          const text = note(step, attempt, audience);
          return (
            <li key={step.step} className={styles.step} data-state={step.state} data-step={step.step} data-testid="timeline-step">
              <span className={styles.dot} aria-hidden="true">
                {state.mark}
              </span>
              <span>
                <span className={styles.stepLabel}>{LABELS[step.step]}</span> <span className="muted">· {state.text}</span>
              </span>
              <span className={styles.stepTime}>{step.at ? <LocalClock iso={step.at.toISOString()} /> : null}</span>
              {text ? <span className={styles.stepNote}>{text}</span> : null}
            </li>
          );
        })}
      </ol>
    </div>
  );
}

/** Every checkout attempt of an order, newest first; older ones fold away. */
export function CheckoutTimeline({ attempts, audience }: { attempts: CheckoutAttempt[]; audience: TimelineAudience }) {
  if (attempts.length === 0) return null;
  const [latest, ...older] = attempts;
  return (
    <section className="card" aria-labelledby="timeline-title" data-testid="checkout-timeline">
      <h2 id="timeline-title">How the checkout went</h2>
      {latest ? <Attempt attempt={latest} audience={audience} /> : null}
      {older.length > 0 ? (
        <details className={`${styles.older} ${styles.attempt}`}>
          <summary>Earlier attempts ({older.length})</summary>
          {older.map((attempt) => (
            <Attempt key={attempt.id} attempt={attempt} audience={audience} />
          ))}
        </details>
      ) : null}
    </section>
  );
}
