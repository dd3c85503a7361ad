import Link from "next/link";
import dashboard from "@/components/dashboard/dashboard.module.css";
import styles from "@/components/orders/orders.module.css";
import { formatMoney } from "@/lib/format";
import type { ShopSalesToday } from "@/lib/orders/shop-orders";
import { routes } from "@/lib/routes";

/** The dashboard home's "today" tiles: the shop's paid items since midnight in SHOP_TIME_ZONE. */
export function SalesToday({ today }: { today: ShopSalesToday }) {
  const zone = today.timeZone === "Etc/UTC" ? "UTC" : today.timeZone.replaceAll("_", " ");
  return (
    <section className={styles.salesToday} aria-labelledby="today-title" data-testid="sales-today">
      <h2 id="today-title" className="eyebrow">
        Today, since 00:00 {zone}
      </h2>
      <dl className={dashboard.stats}>
        <div className={dashboard.stat}>
          <dt>Revenue today</dt>
          <dd data-testid="revenue-today">{formatMoney(today.revenueCents, today.currency)}</dd>
        </div>
        <div className={dashboard.stat}>
          <dt>Paid orders today</dt>
          <dd>
            <Link href={routes.dashboardOrders}>{today.paidOrders}</Link>
          </dd>
        </div>
      </dl>
    </section>
  );
}
