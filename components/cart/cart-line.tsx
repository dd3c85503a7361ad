"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useActionState } from "react";
import { removeLineAction, setQuantityAction, type CartActionState } from "@/lib/actions/cart";
import { Button } from "@/components/ui/button";
import { formatMoney } from "@/lib/format";
import { MAX_LINE_QUANTITY } from "@/lib/cart/schemas";
import type { CartLineView } from "@/lib/cart/cart-view";
import { routes } from "@/lib/routes";
import { HoldCountdown, LocalClock } from "./hold-countdown";
import styles from "./cart.module.css";

/** A cart line as the page hands it to the browser: dates as ISO strings, plus the server's clock. */
export type CartLineProps = Omit<CartLineView, "expiresAt" | "listingId" | "listingActive"> & {
  expiresAt: string | null;
  serverNow: string;
};

export function CartLine({ line }: { line: CartLineProps }) {
  const router = useRouter();
  const [qtyState, setQuantity, qtyPending] = useActionState<CartActionState, FormData>(setQuantityAction, null);
  const [removeState, remove, removing] = useActionState<CartActionState, FormData>(removeLineAction, null);
  const qtyError = qtyState?.ok === false ? (qtyState.fieldErrors.quantity?.join(" ") ?? qtyState.message) : null;
  const statusId = `line-status-${line.id}`;
  const qtyErrorId = `line-qty-error-${line.id}`;

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
        <p id={statusId} className={styles.holdState} data-testid="hold-state">
          <HoldState line={line} onExpire={() => router.refresh()} />
        </p>
      </div>
      <div className={styles.lineActions}>
        <form action={setQuantity} className={styles.qtyForm}>
          <input type="hidden" name="cartItemId" value={line.id} />
          <label htmlFor={`qty-${line.id}`} className="visually-hidden">
            Quantity of {line.productTitle}
          </label>
          <input
            id={`qty-${line.id}`}
            name="quantity"
            type="number"
            min={0}
            max={MAX_LINE_QUANTITY}
            defaultValue={line.quantity}
            aria-invalid={qtyError ? true : undefined}
            aria-describedby={qtyError ? `${qtyErrorId} ${statusId}` : statusId}
          />
          <Button type="submit" variant="secondary" size="small" disabled={qtyPending}>
            {qtyPending ? "Updating…" : "Update"}
          </Button>
        </form>
        <p id={qtyErrorId} role="status" aria-live="polite" className={qtyError ? "field-error" : "visually-hidden"}>
          {qtyError ?? (qtyState?.ok ? qtyState.message : "")}
        </p>
        <form action={remove}>
          <input type="hidden" name="cartItemId" value={line.id} />
          <Button type="submit" variant="ghost" size="small" disabled={removing}>
            {removing ? "Removing…" : "Remove"}
          </Button>
          {removeState?.ok === false ? <span className="field-error"> {removeState.message}</span> : null}
        </form>
        <strong>{formatMoney(line.unitPriceCents * line.quantity, line.currency)}</strong>
      </div>
    </li>
  );
}

function HoldState({ line, onExpire }: { line: CartLineProps; onExpire: () => void }) {
  if (line.held > 0 && line.expiresAt) {
    return (
      <span className={styles.reserved} data-hold={line.status}>
        {line.status === "reserved" ? "Reserved for you" : `${line.held} of ${line.quantity} reserved`} until{" "}
        <LocalClock iso={line.expiresAt} />{" "}
        · <HoldCountdown expiresAt={line.expiresAt} serverNow={line.serverNow} onExpire={onExpire} />
        {line.status === "partial" ? ` · only ${line.available} more available` : null}
      </span>
    );
  }
  return (
    <span className={styles.notReserved} data-hold="not-reserved">
      Not reserved —{" "}
      {line.available > 0
        ? `only ${line.available} available. Update the quantity or place the order to reserve it.`
        : "sold out right now. It may come back if someone else's hold runs out."}
    </span>
  );
}
