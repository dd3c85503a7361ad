"use client";

import { ConfirmStep, useConfirmStep } from "@/components/dashboard/confirm-step";
import styles from "@/components/dashboard/dashboard.module.css";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { adjustStockAction, receiveStockAction, setActiveAction, setPriceAction, type StockActionState } from "@/lib/actions/listings";

/** Which listing the form changes; the server still checks it belongs to the owner's shop. */
function ListingId({ id }: { id: string }) {
  return <input type="hidden" name="listingId" value={id} />;
}

function Status({ id, state }: { id: string; state: StockActionState }) {
  return (
    <FormStatus id={id} tone={state?.ok ? "success" : "error"}>
      {state?.message}
    </FormStatus>
  );
}

const errorsOf = (state: StockActionState) => (state && !state.ok ? state.fieldErrors : {});

export function ReceiveStockForm({ listingId }: { listingId: string }) {
  const { state, pending, onSubmit, formRef } = useActionForm(receiveStockAction, null, { resetOnSuccess: true });
  const errors = errorsOf(state);
  return (
    <form ref={formRef} onSubmit={onSubmit} className={styles.panel} aria-labelledby="receive-heading" noValidate>
      <h2 id="receive-heading">Receive stock</h2>
      <ListingId id={listingId} />
      <Field label="Units received" name="quantity" id="receive-quantity" type="number" min={1} step={1} required error={errors.quantity} />
      <Field label="Note (optional)" name="note" id="receive-note" maxLength={200} placeholder="Delivery #1042" error={errors.note} />
      <Status id="receive-status" state={state} />
      <Button type="submit" disabled={pending} aria-busy={pending || undefined}>
        {pending ? "Saving…" : "Receive"}
      </Button>
    </form>
  );
}

export function AdjustStockForm({ listingId }: { listingId: string }) {
  const { state, pending, onSubmit, formRef } = useActionForm(adjustStockAction, null, { resetOnSuccess: true });
  const errors = errorsOf(state);
  return (
    <form ref={formRef} onSubmit={onSubmit} className={styles.panel} aria-labelledby="adjust-heading" noValidate>
      <h2 id="adjust-heading">Adjust the count</h2>
      <ListingId id={listingId} />
      <Field
        label="Change in units"
        name="delta"
        id="adjust-delta"
        type="number"
        step={1}
        required
        hint="Negative to remove units (damaged, lost), positive for units found."
        error={errors.delta}
      />
      <Field
        label="Reason"
        name="reason"
        id="adjust-reason"
        required
        maxLength={200}
        placeholder="2 damaged in transit"
        error={errors.reason}
      />
      <Status id="adjust-status" state={state} />
      <Button type="submit" variant="secondary" disabled={pending} aria-busy={pending || undefined}>
        {pending ? "Saving…" : "Adjust"}
      </Button>
    </form>
  );
}

export function PriceForm({ listingId, price }: { listingId: string; price: string }) {
  const { state, pending, onSubmit } = useActionForm(setPriceAction, null);
  const errors = errorsOf(state);
  return (
    <form onSubmit={onSubmit} className={styles.panel} aria-labelledby="price-heading" noValidate>
      <h2 id="price-heading">Price</h2>
      <ListingId id={listingId} />
      <Field label="Price (€)" name="price" id="listing-price" inputMode="decimal" defaultValue={price} required error={errors.price} />
      <Status id="price-status" state={state} />
      <Button type="submit" variant="secondary" disabled={pending} aria-busy={pending || undefined}>
        {pending ? "Saving…" : "Update price"}
      </Button>
    </form>
  );
}

export function ActiveToggle({ listingId, active, name }: { listingId: string; active: boolean; name: string }) {
  const { state, pending, onSubmit } = useActionForm(setActiveAction, null);
  const { confirming, ask, cancel, confirmed } = useConfirmStep("active-toggle", pending);
  return (
    <form
      onSubmit={(event) => {
        // Taking a listing off sale goes through the question first; putting it back does not.
        if (active && !confirming) {
          event.preventDefault();
          ask();
          return;
        }
        confirmed();
        onSubmit(event);
      }}
      className={styles.panel}
      aria-labelledby="active-heading"
    >
      <h2 id="active-heading">{active ? "On sale" : "Not on sale"}</h2>
      <p className="field-hint">
        {active
          ? "Deactivating takes the listing off the catalogue. Units already in carts stay held for those customers."
          : "Reactivating puts the listing back in the catalogue with its current stock."}
      </p>
      <ListingId id={listingId} />
      <input type="hidden" name="active" value={active ? "false" : "true"} />
      <Status id="active-status" state={state} />
      {confirming ? (
        <ConfirmStep
          id="deactivate-confirm"
          question={`Deactivate ${name}?`}
          detail="Shoppers can no longer buy it; holds and orders stay."
          confirmLabel="Deactivate"
          cancelLabel="Keep it on sale"
          onCancel={cancel}
        />
      ) : (
        <Button
          id="active-toggle"
          type="submit"
          variant={active ? "danger" : "primary"}
          disabled={pending}
          aria-busy={pending || undefined}
        >
          {pending ? "Saving…" : active ? "Deactivate listing" : "Reactivate listing"}
        </Button>
      )}
    </form>
  );
}
