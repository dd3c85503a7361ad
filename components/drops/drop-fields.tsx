"use client";

import { useState } from "react";
import styles from "@/components/dashboard/dashboard.module.css";
import dropStyles from "@/components/drops/drops.module.css";
import { Field, type FieldError } from "@/components/ui/field";
import { DROP_DEFAULTS } from "@/lib/drops/schemas";

type DropErrors = Partial<Record<"lineOpensMinutes" | "admitPerMinute" | "maxAdmitted" | "admissionMinutes", FieldError>>;

/**
 * "Run as a drop with a waiting room" on the new-sale and new-campaign forms: when the line
 * opens before the start, how many it lets in a minute, how many at most at once, and how long
 * each turn lasts. Hidden until ticked; its fields keep their values when it is unticked.
 */
export function DropFields({ errors, doing }: { errors: DropErrors; doing: "buy" | "claim" }) {
  const [on, setOn] = useState(Boolean(errors.lineOpensMinutes ?? errors.admitPerMinute ?? errors.maxAdmitted ?? errors.admissionMinutes));
  return (
    <fieldset className={styles.fieldset}>
      <legend>Waiting room</legend>
      <label className={dropStyles.toggle}>
        <input type="checkbox" name="waitingRoom" checked={on} onChange={(event) => setOn(event.target.checked)} />
        Run it as a drop with a waiting room
      </label>
      <p className="field-hint">
        Shoppers join a line before the start; at the start everyone in it gets a place at random (a script that clicks first gains
        nothing), later arrivals line up behind, and the line lets them in at your pace. Only those let in can {doing} while it runs.
      </p>
      <div className={dropStyles.dropFields} hidden={!on}>
        <div className={styles.row}>
          <Field
            label="Line opens (minutes before)"
            name="lineOpensMinutes"
            type="number"
            min={0}
            step={1}
            defaultValue={DROP_DEFAULTS.lineOpensMinutes}
            hint="How long before the start shoppers can join."
            error={errors.lineOpensMinutes}
          />
          <Field
            label="Let in per minute"
            name="admitPerMinute"
            type="number"
            min={1}
            step={1}
            defaultValue={DROP_DEFAULTS.admitPerMinute}
            hint="Shoppers let in each minute, in line order."
            error={errors.admitPerMinute}
          />
        </div>
        <div className={styles.row}>
          <Field
            label="Most in at once (optional)"
            name="maxAdmitted"
            type="number"
            min={1}
            step={1}
            hint="A turn that ends, used or not, makes room for the next."
            error={errors.maxAdmitted}
          />
          <Field
            label="Each turn lasts (minutes)"
            name="admissionMinutes"
            type="number"
            min={1}
            max={120}
            step={1}
            defaultValue={DROP_DEFAULTS.admissionMinutes}
            hint="How long a shopper let in may buy."
            error={errors.admissionMinutes}
          />
        </div>
      </div>
    </fieldset>
  );
}
