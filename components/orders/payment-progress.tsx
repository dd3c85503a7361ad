"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
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
 * from the server with the outcome.
 */
export function PaymentProgress({ orderId }: { orderId: string }) {
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
