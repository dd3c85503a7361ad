"use client";

import { useState } from "react";
import styles from "@/components/discounts/discounts.module.css";
import { Field, type FieldError } from "@/components/ui/field";

interface Kind {
  value: string;
  label: string;
  /** The amount field this kind uses. */
  field: { name: string; label: string; hint?: string; inputMode: "numeric" | "decimal"; placeholder: string };
}

/** Two ways to discount (a percentage, or a price / an amount): radios, and the one amount field that kind needs. */
export function DiscountKind({ kinds, errors }: { kinds: [Kind, Kind]; errors: Record<string, FieldError> }) {
  const [kind, setKind] = useState(kinds[0].value);
  const chosen = kinds.find((candidate) => candidate.value === kind) ?? kinds[0];
  return (
    <>
      <fieldset className={styles.kinds}>
        <legend className="visually-hidden">Kind of discount</legend>
        {kinds.map((candidate) => (
          <label key={candidate.value}>
            <input
              type="radio"
              name="kind"
              value={candidate.value}
              checked={kind === candidate.value}
              onChange={() => setKind(candidate.value)}
            />
            {candidate.label}
          </label>
        ))}
      </fieldset>
      <Field
        key={chosen.field.name}
        label={chosen.field.label}
        name={chosen.field.name}
        hint={chosen.field.hint}
        inputMode={chosen.field.inputMode}
        placeholder={chosen.field.placeholder}
        required
        error={errors[chosen.field.name]}
      />
    </>
  );
}
