"use client";

import { Elements, PaymentElement, useElements, useStripe } from "@stripe/react-stripe-js";
import { useEffect, useRef, type RefObject } from "react";
import styles from "@/components/checkout/checkout.module.css";
import { stripeFor } from "@/components/checkout/stripe-js";
import type { FieldError } from "@/components/ui/field";
import type { PaymentCollector } from "@/lib/payments/collector";
import { formatCardNumber, TEST_CARDS } from "@/lib/payments/test-cards";

/**
 * What a form calls just before it posts: turns what the customer entered into the token the
 * server receives in `paymentMethod`. Answers null when the form may post; otherwise why not,
 * empty when the card form already shows it next to the field.
 */
export type PreparePayment = (formData: FormData) => Promise<string | null>;

export interface PaymentMethodFieldProps {
  collector: PaymentCollector;
  /** What the button says it pays at most, in minor units: the Payment Element shows wallets for it. */
  amountCents: number;
  currency: string;
  error?: FieldError;
  /** Filled by the field with its PreparePayment (Stripe), or null (the picker posts its choice as is). */
  prepareRef: RefObject<PreparePayment | null>;
  /** Prefixes the controls' ids, for two forms on one page. */
  idPrefix?: string;
}

/**
 * The card, collected so that its number never reaches our server: Stripe's Payment Element
 * (the card goes from the browser to Stripe, we post a ConfirmationToken), or without Stripe
 * keys a picker of Stripe's test cards that posts the test PaymentMethod id (`pm_card_visa`).
 */
export function PaymentMethodField({ collector, amountCents, currency, error, prepareRef, idPrefix = "payment" }: PaymentMethodFieldProps) {
  if (collector.kind === "stripe") {
    return (
      <StripeCardField
        publishableKey={collector.publishableKey}
        testMode={collector.testMode}
        amountCents={amountCents}
        currency={currency}
        error={error}
        prepareRef={prepareRef}
        idPrefix={idPrefix}
      />
    );
  }
  return <TestCardPicker error={error} prepareRef={prepareRef} idPrefix={idPrefix} />;
}

function errorText(error: FieldError): string | null {
  if (!error) return null;
  return typeof error === "string" ? error : error.join(" ");
}

function TestCardPicker({
  error,
  prepareRef,
  idPrefix,
}: {
  error?: FieldError;
  prepareRef: RefObject<PreparePayment | null>;
  idPrefix: string;
}) {
  useEffect(() => {
    prepareRef.current = null;
  }, [prepareRef]);
  const message = errorText(error);
  const hintId = `${idPrefix}-cards-hint`;
  const errorId = message ? `${idPrefix}-cards-error` : undefined;
  return (
    <fieldset
      className={styles.testCards}
      aria-describedby={[hintId, errorId].filter(Boolean).join(" ")}
      aria-invalid={message ? true : undefined}
      data-testid="test-cards"
    >
      <legend>Test card</legend>
      <p id={hintId} className={styles.note}>
        No real money moves: this shop takes test payments. Pick how the card behaves; your browser sends only the test card&apos;s id,
        never a number.
      </p>
      <ul>
        {TEST_CARDS.map((card, index) => {
          const id = `${idPrefix}-card-${card.paymentMethod}`;
          return (
            <li key={card.paymentMethod}>
              <input type="radio" id={id} name="paymentMethod" value={card.paymentMethod} defaultChecked={index === 0} />
              <label htmlFor={id}>
                <code>{formatCardNumber(card.number)}</code> <span className={styles.testCardLabel}>{card.label}</span>
              </label>
            </li>
          );
        })}
      </ul>
      {message ? (
        <p id={errorId} className="field-error">
          {message}
        </p>
      ) : null}
    </fieldset>
  );
}

interface StripeCardFieldProps {
  publishableKey: string;
  testMode: boolean;
  amountCents: number;
  currency: string;
  error?: FieldError;
  prepareRef: RefObject<PreparePayment | null>;
  idPrefix: string;
}

function StripeCardField({ publishableKey, testMode, amountCents, currency, error, prepareRef, idPrefix }: StripeCardFieldProps) {
  const message = errorText(error);
  return (
    <div className="field" data-testid="stripe-payment">
      <Elements
        stripe={stripeFor(publishableKey)}
        options={{ mode: "payment", amount: Math.max(amountCents, 1), currency: currency.toLowerCase() }}
      >
        <StripeTokenizer prepareRef={prepareRef} />
      </Elements>
      {/* Filled with the ConfirmationToken just before the form posts. */}
      <input type="hidden" name="paymentMethod" defaultValue="" />
      {testMode ? (
        <p className="field-hint">Stripe test mode: use a test card such as 4242 4242 4242 4242, any future date and any CVC.</p>
      ) : null}
      {message ? (
        <p id={`${idPrefix}-card-error`} className="field-error">
          {message}
        </p>
      ) : null}
    </div>
  );
}

function StripeTokenizer({ prepareRef }: { prepareRef: RefObject<PreparePayment | null> }) {
  const stripe = useStripe();
  const elements = useElements();
  const ready = useRef(false);
  useEffect(() => {
    prepareRef.current = async (formData) => {
      if (!stripe || !elements || !ready.current) return "The card form is still loading. Try again in a moment.";
      // Validates what was typed; the Payment Element shows its own field errors.
      const submitted = await elements.submit();
      if (submitted.error) return submitted.error.type === "validation_error" ? "" : (submitted.error.message ?? "Check the card details.");
      const created = await stripe.createConfirmationToken({ elements });
      if (created.error) return created.error.message ?? "The card could not be used. Check it, or try another.";
      formData.set("paymentMethod", created.confirmationToken.id);
      return null;
    };
    return () => {
      prepareRef.current = null;
    };
  }, [stripe, elements, prepareRef]);
  return (
    <PaymentElement
      onReady={() => {
        ready.current = true;
      }}
      options={{ layout: "tabs" }}
    />
  );
}
