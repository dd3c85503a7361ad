import { LocalClock } from "@/components/cart/hold-countdown";
import { BankCheck } from "@/components/orders/bank-check";
import { CancelOrderForm } from "@/components/orders/cancel-order-form";
import { cardBrandName } from "@/components/orders/describe-reason";
import { PaymentDeadline } from "@/components/orders/order-status";
import styles from "@/components/orders/orders.module.css";
import { PayAgainForm } from "@/components/orders/pay-again-form";
import { PaymentProgress } from "@/components/orders/payment-progress";
import { checkoutFailureMessage } from "@/lib/actions/messages";
import { formatMoney } from "@/lib/format";
import type { OrderDetail } from "@/lib/orders/order-queries";
import type { PaymentCollector } from "@/lib/payments/collector";
import type { NextAction } from "@/lib/payments/payments";

export interface OrderOutcomeProps {
  order: OrderDetail;
  /** A fresh key for a payment attempt from this render. */
  payKey: string;
  collector: PaymentCollector;
  /** What the customer does for the bank's check (3-D Secure), when the payment waits on one. */
  bankCheck: NextAction | null;
}

/** The top of the order page: what happened to the payment, and what the customer can do next. */
export function OrderOutcome({ order, payKey, collector, bankCheck }: OrderOutcomeProps) {
  const total = formatMoney(order.totalCents, order.currency);
  if (order.status === "PAID") {
    const refunded = order.payment?.refundedCents ?? 0;
    const card = order.payment?.cardLast4 ? `${cardBrandName(order.payment.cardBrand)} ending in ${order.payment.cardLast4}` : null;
    return (
      <section className={`card ${styles.outcome} ${styles.success}`} data-testid="order-confirmation">
        <h2>Thank you, your order is confirmed</h2>
        <p>
          Paid {total}
          {card ? (
            <>
              {" "}
              with <strong data-testid="paid-card">{card}</strong>
            </>
          ) : null}
          {order.paidAt ? (
            <>
              {" "}
              on <LocalClock iso={order.paidAt.toISOString()} withDay />
            </>
          ) : null}
          .{order.contactEmail ? ` A receipt goes to ${order.contactEmail}.` : null}
        </p>
        {refunded > 0 ? (
          <p data-testid="refunded-total">
            {order.payment?.status === "REFUNDED"
              ? `The payment was refunded in full (${formatMoney(refunded, order.currency)}).`
              : `${formatMoney(refunded, order.currency)} of it has been refunded to your card.`}
          </p>
        ) : null}
      </section>
    );
  }
  if (order.status === "CANCELLED") {
    return (
      <section className={`card ${styles.outcome}`} data-testid="order-cancelled">
        <h2>This order was cancelled</h2>
        <p>
          {order.cancelReason ? <>Reason: {order.cancelReason}. </> : null}
          {order.payment?.status === "REFUNDED" ? "The payment was refunded in full." : "Its items went back on sale; nothing was charged."}
        </p>
      </section>
    );
  }
  if (order.paymentInProgress) {
    const check =
      bankCheck && order.payment?.status === "REQUIRES_ACTION" ? (
        <BankCheck action={bankCheck} publishableKey={collector.kind === "stripe" ? collector.publishableKey : null} />
      ) : undefined;
    return <PaymentProgress orderId={order.id} bankCheck={check} />;
  }

  const deadline = order.paymentDeadline.toISOString();
  return (
    <section className={`card ${styles.outcome} ${order.paymentFailure ? styles.failure : ""}`} data-testid="payment-note">
      {order.paymentFailure ? (
        <>
          <h2>Your payment did not go through</h2>
          <p className={styles.reason} data-testid="payment-failure">
            {checkoutFailureMessage(order.paymentFailure)}
          </p>
          <p>Nothing was charged, and your items went back on sale while the order waits.</p>
        </>
      ) : (
        <h2>This order is waiting for payment</h2>
      )}
      {order.canPayAgain ? (
        <p>
          You can pay until <LocalClock iso={deadline} withDay /> (
          <PaymentDeadline deadline={deadline} serverNow={order.now.toISOString()} />
          ). After that the order is cancelled.
        </p>
      ) : (
        <p>The time to pay has run out: the order is being cancelled.</p>
      )}
      <div className={styles.actions}>
        {order.canPayAgain ? (
          <PayAgainForm
            key={payKey}
            orderId={order.id}
            idempotencyKey={payKey}
            totalLabel={total}
            totalCents={order.totalCents}
            currency={order.currency}
            collector={collector}
          />
        ) : null}
        <CancelOrderForm orderId={order.id} />
      </div>
    </section>
  );
}
