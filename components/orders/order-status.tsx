"use client";

import { useRouter } from "next/navigation";
import { HoldCountdown } from "@/components/cart/hold-countdown";
import { Badge } from "@/components/ui/badge";
import type { OrderStatus } from "@/lib/orders/order-queries";

const labels: Record<OrderStatus, { text: string; tone: "warning" | "success" | "danger" }> = {
  PENDING_PAYMENT: { text: "Awaiting payment", tone: "warning" },
  PAID: { text: "Paid", tone: "success" },
  CANCELLED: { text: "Cancelled", tone: "danger" },
};

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  const label = labels[status];
  return (
    <span data-testid="order-status" data-status={status}>
      <Badge tone={label.tone}>{label.text}</Badge>
    </span>
  );
}

/** "23:59:12 left to pay"; when it runs out the page reloads to show what the sweep did. */
export function PaymentDeadline({ deadline, serverNow }: { deadline: string; serverNow: string }) {
  const router = useRouter();
  return (
    <span>
      <HoldCountdown expiresAt={deadline} serverNow={serverNow} onExpire={() => setTimeout(() => router.refresh(), 2_000)} /> to pay
    </span>
  );
}
