// What every server action returns to its form (useActionState): success with whatever the
// form needs next, or a message for the status region plus errors for named fields.
export type FieldErrors<Field extends string = string> = Partial<Record<Field, string[]>>;

export type ActionResult<Data extends object = object, Field extends string = string> =
  | ({ ok: true; message?: string } & Data)
  | { ok: false; message: string; fieldErrors: FieldErrors<Field> };

/** The state a form starts in, before its first submit. */
export type ActionState<Data extends object = object, Field extends string = string> = ActionResult<Data, Field> | null;

/** FormData -> plain object of its string fields (files and repeated keys are left out). */
export function formFields(formData: FormData): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of formData) if (typeof value === "string" && !(key in fields)) fields[key] = value;
  return fields;
}
