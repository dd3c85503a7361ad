"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, type ReactNode } from "react";
import styles from "@/components/orders/orders.module.css";
import type { OrderPaymentState } from "@/lib/orders/order-queries";
import { routes } from "@/lib/routes";

async function fetchPaymentState(orderId: string): Promise<OrderPaymentState> {
  const response = await fetch(routes.orderPaymentState(orderId), { cache: "no-store" });
  if (!response.ok) throw new Error(`payment state: HTTP ${response.status}`);
  return (await response.json()) as OrderPaymentState;
}

/**
 * "Waiting for your bank's confirmation". Polls the order's payment state; once the payment
 * is settled (the webhook or the recovery sweep finished the checkout), the page renders again
 * from the server with the outcome. With `bankCheck`, the bank waits for the customer to
 * confirm (3-D Secure): the page says so and offers the way to do it.
 */
export function PaymentProgress({ orderId, bankCheck }: { orderId: string; bankCheck?: ReactNode }) {
  const router = useRouter();
  const { data } = useQuery({
    queryKey: ["order-payment", orderId],
    queryFn: () => fetchPaymentState(orderId),
    refetchInterval: 2_000,
    staleTime: 0,
  });
  const settled = data !== undefined && !data.paymentInProgress;
  useEffect(() => {
    if (settled) router.refresh();
  }, [settled, router]);

  if (bankCheck) {
    return (
      <section className="card" aria-live="polite" data-testid="payment-action">
        <h2>Your bank asks you to confirm this payment</h2>
        <p>
          Your bank wants to check that it is you (3-D Secure). Nothing is charged until you confirm; your items stay reserved meanwhile. If
          you do not confirm, the payment is given up and you can pay with another card.
        </p>
        <div className={styles.actions}>{bankCheck}</div>
      </section>
    );
  }
  return (
    <section className="card" aria-live="polite" data-testid="payment-progress">
      <h2>
        <span className={styles.spinner} aria-hidden="true" />
        Waiting for your bank&apos;s confirmation
      </h2>
      <p>
        Your bank is still confirming the payment. This page updates by itself; you can also leave it, and we will let you know in your
        notifications.
      </p>
    </section>
  );
}
