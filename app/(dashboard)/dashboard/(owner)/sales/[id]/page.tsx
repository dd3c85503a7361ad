import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { LocalClock } from "@/components/cart/hold-countdown";
import styles from "@/components/dashboard/dashboard.module.css";
import { describeSaleDiscount } from "@/components/discounts/describe";
import { EndNowButton } from "@/components/discounts/end-now-button";
import { PhaseBadge } from "@/components/discounts/phase-badge";
import { ProgressBar } from "@/components/discounts/progress-bar";
import { SaleClaimsTable } from "@/components/discounts/sale-claims-table";
import { DropStatsPanel } from "@/components/drops/drop-stats";
import { endFlashSaleAction } from "@/lib/actions/discounts";
import { requireShopOwner } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { getDropStats } from "@/lib/drops/queries";
import { getShopSale } from "@/lib/flash-sales/queries";
import { formatMoney } from "@/lib/format";
import { routes } from "@/lib/routes";

export const metadata: Metadata = { title: "Flash sale" };
export const dynamic = "force-dynamic";

export default async function SalePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const owner = await requireShopOwner(routes.dashboardSale(id));
  const saleId = z.uuid().safeParse(id);
  const sale = saleId.success ? await getShopSale(db(), owner.shop.id, saleId.data) : null;
  if (!sale) notFound();
  const dropStats = await getDropStats(db(), { shopId: owner.shop.id, flashSaleId: sale.saleId });
  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <p className="eyebrow">
            <Link href={routes.dashboardSales}>Flash sales</Link>
          </p>
          <h1>{sale.title}</h1>
          <p className="muted">
            {describeSaleDiscount(sale.discount, sale.currency)}: {formatMoney(sale.salePriceCents, sale.currency)} instead of{" "}
            {formatMoney(sale.priceCents, sale.currency)} · <LocalClock iso={sale.startsAt} withDay /> –{" "}
            <LocalClock iso={sale.endsAt} withDay /> <PhaseBadge phase={sale.phase} left={sale.left} />
          </p>
        </div>
        <EndNowButton
          action={endFlashSaleAction}
          idName="saleId"
          id={sale.saleId}
          ended={sale.phase === "ended"}
          question="End this flash sale now?"
          detail="No further buyer gets the sale price; checkouts that already hold a slot keep it."
        />
      </div>
      <dl className={styles.stats}>
        <div className={styles.stat}>
          <dt>Units at the sale price</dt>
          <dd>{sale.slots}</dd>
        </div>
        <div className={styles.stat}>
          <dt>Taken now</dt>
          <dd>{sale.claimed}</dd>
        </div>
        <div className={styles.stat}>
          <dt>Sold at the sale price</dt>
          <dd>{sale.consumed}</dd>
        </div>
        <div className={styles.stat}>
          <dt>Left</dt>
          <dd>{sale.left}</dd>
        </div>
      </dl>
      <ProgressBar value={sale.claimed} max={sale.slots} label={`${sale.claimed} of ${sale.slots} discounted units taken`} />
      {dropStats ? <DropStatsPanel initial={dropStats} /> : null}
      <section className="stack" aria-labelledby="claims-title">
        <h2 id="claims-title">Buyers, in the order they won a slot</h2>
        {sale.claims.length > 0 ? (
          <SaleClaimsTable claims={sale.claims} currency={sale.currency} />
        ) : (
          <p className="muted">Nobody has taken a slot yet.</p>
        )}
      </section>
    </div>
  );
}
