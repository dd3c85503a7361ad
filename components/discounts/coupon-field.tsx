"use client";

import Link from "next/link";
import { useState } from "react";
import styles from "@/components/discounts/discounts.module.css";
import { Field, type FieldError } from "@/components/ui/field";
import { routes } from "@/lib/routes";

export interface CouponChoice {
  code: string;
  /** "15% off everything at Harbour & Pine". */
  label: string;
}

/** The checkout's coupon: type a code, or pick one of "your coupons". Optional. */
export function CouponField({ coupons, error }: { coupons: CouponChoice[]; error?: FieldError }) {
  const [code, setCode] = useState("");
  return (
    <div className="stack" data-testid="coupon-field">
      <Field
        label="Coupon code (optional)"
        name="couponCode"
        value={code}
        onChange={(event) => setCode(event.target.value)}
        autoComplete="off"
        spellCheck={false}
        placeholder="ABCD-EFGH-JKMN-PQRS"
        hint="Its discount is taken off when your order is priced, before the card is charged."
        error={error}
      />
      {coupons.length > 0 ? (
        <ul className={styles.couponList} aria-label="Your coupons">
          {coupons.map((coupon) => (
            <li key={coupon.code} className={styles.couponItem}>
              <span>
                <code className={styles.code}>{coupon.code}</code> <span className="muted">{coupon.label}</span>
              </span>
              <button
                type="button"
                className="button button--secondary button--small"
                aria-pressed={code === coupon.code}
                onClick={() => setCode(coupon.code)}
              >
                {code === coupon.code ? "Chosen" : "Use this coupon"}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="field-hint">
          No coupons yet? <Link href={routes.campaigns}>See the campaigns</Link>.
        </p>
      )}
    </div>
  );
}
