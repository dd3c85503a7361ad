// Form fields with their label, hint and error tied together: the control points at the
// hint and the error with aria-describedby, and says aria-invalid when there is an error.
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

export type FieldError = string | readonly string[] | undefined;

interface FieldFrame {
  label: ReactNode;
  hint?: ReactNode;
  error?: FieldError;
}

export interface ControlProps {
  id: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
}

function messages(error: FieldError): readonly string[] {
  if (!error) return [];
  return typeof error === "string" ? [error] : error;
}

/** Label, hint and error around any control; `children` receives the props to spread on it. */
export function FieldShell({
  id,
  label,
  hint,
  error,
  children,
}: FieldFrame & { id: string; children: (control: ControlProps) => ReactNode }) {
  const errors = messages(error);
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors.length > 0 ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, "aria-invalid": errorId ? true : undefined, "aria-describedby": describedBy })}
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      {errorId ? (
        <p id={errorId} className="field-error">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

type InputFieldProps = FieldFrame & InputHTMLAttributes<HTMLInputElement> & { name: string };

/** A text-like input; the id defaults to `field-<name>`. */
export function Field({ label, hint, error, id, name, ...input }: InputFieldProps) {
  return (
    <FieldShell id={id ?? `field-${name}`} label={label} hint={hint} error={error}>
      {(control) => <input name={name} {...input} {...control} />}
    </FieldShell>
  );
}

type TextAreaFieldProps = FieldFrame & TextareaHTMLAttributes<HTMLTextAreaElement> & { name: string };

export function TextAreaField({ label, hint, error, id, name, ...textarea }: TextAreaFieldProps) {
  return (
    <FieldShell id={id ?? `field-${name}`} label={label} hint={hint} error={error}>
      {(control) => <textarea name={name} {...textarea} {...control} />}
    </FieldShell>
  );
}

type SelectFieldProps = FieldFrame & SelectHTMLAttributes<HTMLSelectElement> & { name: string };

export function SelectField({ label, hint, error, id, name, children, ...select }: SelectFieldProps) {
  return (
    <FieldShell id={id ?? `field-${name}`} label={label} hint={hint} error={error}>
      {(control) => (
        <select name={name} {...select} {...control}>
          {children}
        </select>
      )}
    </FieldShell>
  );
}
