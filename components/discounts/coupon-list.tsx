import Link from "next/link";
import { LocalClock } from "@/components/cart/hold-countdown";
import { describeCouponScope, describeCouponTerms } from "@/components/discounts/describe";
import styles from "@/components/discounts/discounts.module.css";
import { Badge } from "@/components/ui/badge";
import type { CustomerCoupon } from "@/lib/coupons/queries";
import { routes } from "@/lib/routes";

/** "Your coupons": each code with what it takes off, where, until when, and whether it is used. */
export function CouponList({ coupons }: { coupons: CustomerCoupon[] }) {
  return (
    <ul className={styles.couponList} data-testid="your-coupons">
      {coupons.map((coupon) => (
        <li key={coupon.code} className={styles.couponItem}>
          <div>
            <strong>
              <Link href={routes.campaign(coupon.campaign.id)}>{coupon.campaign.name}</Link>
            </strong>{" "}
            <span className="muted">you were #{coupon.sequence}</span>
            <div>
              {describeCouponTerms(coupon.campaign)} {describeCouponScope(coupon.campaign)}
            </div>
            {coupon.campaign.endsAt ? (
              <div className="muted">
                Valid until <LocalClock iso={coupon.campaign.endsAt} withDay />
              </div>
            ) : null}
          </div>
          <div>
            <code className={styles.code}>{coupon.code}</code>{" "}
            {coupon.usable ? <Badge tone="success">Ready to use</Badge> : coupon.used ? <Badge>Used</Badge> : <Badge>Not valid now</Badge>}
          </div>
        </li>
      ))}
    </ul>
  );
}
