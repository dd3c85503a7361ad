"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useActionState, type ComponentProps } from "react";
import { useFormStatus } from "react-dom";
import styles from "@/components/cart/cart.module.css";
import { HoldCountdown, LocalClock } from "@/components/cart/hold-countdown";
import { useSubmitFocus } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { removeLineAction, reserveAgainAction, setQuantityAction, type CartActionState } from "@/lib/actions/cart";
import type { CartLineView } from "@/lib/cart/cart-view";
import { MAX_LINE_QUANTITY } from "@/lib/cart/schemas";
import type { SaleCounter } from "@/lib/flash-sales/queries";
import { formatMoney } from "@/lib/format";
import { routes } from "@/lib/routes";

/** A cart line as the page hands it to the browser: dates as ISO strings, plus the server's clock. */
export type CartLineProps = Omit<CartLineView, "expiresAt" | "listingId" | "listingActive"> & {
  expiresAt: string | null;
  serverNow: string;
  /** A live flash sale of the listing with slots left: its price goes to the first buyers to pay. */
  sale?: Pick<SaleCounter, "salePriceCents" | "left"> | undefined;
};

/** The message of the line's latest answer: an error, or what happened. */
function answerOf(state: CartActionState): { text: string; problem: boolean } | null {
  if (!state) return null;
  if (!state.ok) return { text: Object.values(state.fieldErrors).flat().join(" ") || state.message, problem: true };
  return state.message ? { text: state.message, problem: false } : null;
}

type LineIntent = "quantity" | "reserve" | "remove";

// The line's three forms share one answer (the newest) and one pending state: while one of
// them is on its way the others wait, so two clicks never race on the same line.
async function lineAction(previous: CartActionState, formData: FormData): Promise<CartActionState> {
  const intent = formData.get("intent") as LineIntent | null;
  if (intent === "reserve") return reserveAgainAction(previous, formData);
  if (intent === "remove") return removeLineAction(previous, formData);
  return setQuantityAction(previous, formData);
}

/** A submit button that says what it is doing while its own form is on its way. */
function LineButton({ busyLabel, disabled, ...props }: ComponentProps<typeof Button> & { busyLabel: string }) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" size="small" disabled={disabled || pending} {...props}>
      {pending ? busyLabel : props.children}
    </Button>
  );
}

export function CartLine({ line }: { line: CartLineProps }) {
  const router = useRouter();
  const [state, act, pending] = useActionState<CartActionState, FormData>(lineAction, null);
  const holdId = `line-hold-${line.id}`;
  const answerId = `line-answer-${line.id}`;
  // Focus follows the answer: the quantity field when it was refused, else the line's answer
  // (each form names it in aria-describedby), never the page body the disabled button left.
  const trackSubmit = useSubmitFocus(state);
  const answer = answerOf(state);
  const qtyInvalid = state?.ok === false && Boolean(state.fieldErrors.quantity);

  return (
    <li className={styles.line} data-testid="cart-line" data-status={line.status}>
      {/* eslint-disable-next-line @next/next/no-img-element -- our own pictures, no optimiser */}
      <img src={line.imageUrl ?? "/products/placeholder.svg"} alt="" />
      <div>
        <h2 className={styles.lineTitle}>
          <Link href={routes.product(line.productSlug)}>{line.productTitle}</Link>
        </h2>
        <p className={styles.lineMeta}>
          {line.shopName} · {formatMoney(line.unitPriceCents, line.currency)} each
        </p>
        {line.sale ? (
          <p className={styles.lineSale} data-testid="line-sale">
            {`Flash sale: one at ${formatMoney(line.sale.salePriceCents, line.currency)} if a sale slot is still left when you pay (${line.sale.left} left).`}
          </p>
        ) : null}
        <p id={holdId} className={styles.holdState} data-testid="hold-state">
          <HoldState line={line} onExpire={() => router.refresh()} />
        </p>
        {line.status !== "reserved" ? (
          <form action={act} onSubmit={trackSubmit} aria-describedby={answerId} className={styles.reserveForm}>
            <input type="hidden" name="intent" value="reserve" />
            <input type="hidden" name="cartItemId" value={line.id} />
            <LineButton
              variant="secondary"
              busyLabel="Reserving…"
              disabled={pending}
              aria-describedby={holdId}
              aria-label={`Reserve again: ${line.productTitle}`}
            >
              Reserve again
            </LineButton>
          </form>
        ) : null}
        <p
          id={answerId}
          tabIndex={-1}
          role="status"
          aria-live="polite"
          className={answer ? (answer.problem ? "field-error" : styles.answer) : "visually-hidden"}
          data-testid="line-answer"
        >
          {answer?.text ?? ""}
        </p>
      </div>
      <div className={styles.lineActions}>
        <form action={act} onSubmit={trackSubmit} aria-describedby={answerId} className={styles.qtyForm}>
          <input type="hidden" name="intent" value="quantity" />
          <input type="hidden" name="cartItemId" value={line.id} />
          <label htmlFor={`qty-${line.id}`} className="visually-hidden">
            Quantity of {line.productTitle}
          </label>
          <input
            // A new quantity from the server resets the field; the line itself keeps its focus.
            key={line.quantity}
            id={`qty-${line.id}`}
            name="quantity"
            type="number"
            min={0}
            max={MAX_LINE_QUANTITY}
            defaultValue={line.quantity}
            aria-invalid={qtyInvalid ? true : undefined}
            aria-describedby={qtyInvalid ? `${answerId} ${holdId}` : holdId}
          />
          <LineButton variant="secondary" busyLabel="Updating…" disabled={pending} aria-label={`Update quantity of ${line.productTitle}`}>
            Update
          </LineButton>
        </form>
        <form action={act} onSubmit={trackSubmit} aria-describedby={answerId}>
          <input type="hidden" name="intent" value="remove" />
          <input type="hidden" name="cartItemId" value={line.id} />
          <LineButton variant="ghost" busyLabel="Removing…" disabled={pending} aria-label={`Remove ${line.productTitle}`}>
            Remove
          </LineButton>
        </form>
        <strong data-testid="line-total">{formatMoney(line.unitPriceCents * line.quantity, line.currency)}</strong>
      </div>
    </li>
  );
}

function HoldState({ line, onExpire }: { line: CartLineProps; onExpire: () => void }) {
  if (line.held > 0 && line.expiresAt) {
    return (
      <span className={styles.reserved} data-hold={line.status}>
        {line.status === "reserved" ? "Reserved for you" : `${line.held} of ${line.quantity} reserved`} until{" "}
        <LocalClock iso={line.expiresAt} /> ·{" "}
        <HoldCountdown
          expiresAt={line.expiresAt}
          serverNow={line.serverNow}
          onExpire={onExpire}
          warning={`Less than 5 minutes left on ${line.productTitle} in your cart.`}
        />
        {line.status === "partial" ? ` · only ${line.available} more available` : null}
      </span>
    );
  }
  return (
    <span className={styles.notReserved} data-hold="not-reserved">
      Not reserved —{" "}
      {line.available > 0
        ? line.available >= line.quantity
          ? "its hold ran out, but it is still available. Reserve it again, or check out to reserve it."
          : `only ${line.available} available. Lower the quantity to ${line.available} to reserve them.`
        : "sold out right now. It may come back if someone else's hold runs out."}
    </span>
  );
}
