"use client";

import { useState } from "react";
import styles from "@/components/checkout/checkout.module.css";
import { Field, type FieldError } from "@/components/ui/field";
import { formatCardNumber, TEST_CARDS } from "@/lib/payments/test-cards";

/**
 * The card number, and in test mode Stripe's test cards with what each does (a click fills
 * the field). Only the last 4 digits and the brand are ever stored; the number itself only
 * picks a test card on the server.
 */
export function CardNumberField({ error, showTestCards, id }: { error?: FieldError; showTestCards: boolean; id?: string }) {
  const [number, setNumber] = useState("");
  return (
    <>
      <Field
        id={id}
        label="Card number"
        name="cardNumber"
        value={number}
        onChange={(event) => setNumber(event.target.value)}
        required
        inputMode="numeric"
        autoComplete="cc-number"
        placeholder="4242 4242 4242 4242"
        maxLength={23}
        className={styles.cardInput}
        hint="We keep only the card's brand and last 4 digits."
        error={error}
      />
      {showTestCards ? (
        <details className={styles.testCards} open>
          <summary>Test cards (no real money moves)</summary>
          <ul>
            {TEST_CARDS.map((card) => (
              <li key={card.number}>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => setNumber(formatCardNumber(card.number))}
                  aria-label={`Use test card ${formatCardNumber(card.number)}: ${card.label}`}
                >
                  <code>{formatCardNumber(card.number)}</code>
                </button>
                <span className={styles.testCardLabel}>{card.label}</span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </>
  );
}
