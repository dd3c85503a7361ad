import { Field, type FieldError } from "@/components/ui/field";
import { PASSWORD_MIN_LENGTH } from "@/lib/accounts/password-policy";

/** A new password, as sign-up and a password reset ask for it: the policy said up front. */
export function NewPasswordField({ label, error }: { label: string; error: FieldError }) {
  return (
    <Field
      label={label}
      name="password"
      type="password"
      autoComplete="new-password"
      required
      minLength={PASSWORD_MIN_LENGTH}
      hint={`At least ${PASSWORD_MIN_LENGTH} characters. A few unrelated words make a strong one.`}
      error={error}
    />
  );
}
