// What every server action returns to its form (useActionState): success with whatever the
// form needs next, or a message for the status region plus errors for named fields. Built by
// the one action wrapper (lib/actions/define-action.ts).
export type FieldErrors<Field extends string = string> = Partial<Record<Field, string[]>>;

export interface ActionFailureBase<Field extends string = string> {
  ok: false;
  message: string;
  fieldErrors: FieldErrors<Field>;
  /** The step's reason code, when a step refused (forms branch on it, never on the words). */
  reason?: string;
  /** The visitor must sign in first: forms offer the link back to where they were. */
  signIn?: boolean;
}

export type ActionFailure<Field extends string = string, Extra extends object = object> = ActionFailureBase<Field> & Partial<Extra>;

export type ActionResult<Data extends object = object, Field extends string = string, Extra extends object = object> =
  ({ ok: true; message?: string } & Data) | ActionFailure<Field, Extra>;

/** What a form says when fields are marked: one wording for the server and the browser's own checks. */
export const INVALID_INPUT = "Please correct the marked fields.";

/** A text field of a form; "" when it is missing or a file. */
export function textField(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
}

/**
 * FormData -> plain object of its string fields (files and repeated keys are left out). React's
 * own fields of a form posted before hydration (`$ACTION_ID_…`, `$ACTION_REF_…`, `$ACTION_KEY`,
 * `$ACTION_1:0`) are the framework's, not the visitor's: left out, so no check mistakes one for
 * input (an `$ACTION_KEY` holds long runs of digits that pass the card-number check one time in ten).
 */
export function formFields(formData: FormData): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of formData) {
    if (typeof value === "string" && !key.startsWith(REACT_FORM_FIELD) && !(key in fields)) fields[key] = value;
  }
  return fields;
}

const REACT_FORM_FIELD = "$ACTION_";
