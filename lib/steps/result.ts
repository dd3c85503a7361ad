// The one shape every domain step answers in (docs/DESIGN.md, "Steps and actions"): success
// carries its values, an expected refusal carries a reason code and the details a caller needs
// to explain it. Reason codes, never UI text: the words live in the app layer, in each action's
// message table (lib/actions/*.ts) and, when several speak them, lib/actions/messages.ts.
// Exceptions are kept for the unexpected.

/** Success, with whatever the step produced spread beside `ok`. */
export type Ok<Value extends object = object> = { ok: true } & Value;

/** An expected refusal: a reason code plus the details that explain it. */
export type Refusal<Reason extends string = string, Details extends object = object> = { ok: false; reason: Reason } & Details;

/** What a step returns. */
export type Result<Value extends object = object, Failure extends Refusal = Refusal> = Ok<Value> | Failure;

export function ok(): Ok;
export function ok<Value extends object>(value: Value): Ok<Value>;
export function ok<Value extends object>(value?: Value): Ok<Value> {
  return { ok: true, ...(value as Value) };
}

export function refuse<Reason extends string>(reason: Reason): Refusal<Reason>;
export function refuse<Reason extends string, Details extends object>(reason: Reason, details: Details): Refusal<Reason, Details>;
export function refuse<Reason extends string, Details extends object>(reason: Reason, details?: Details): Refusal<Reason, Details> {
  return { ok: false, reason, ...(details as Details) };
}

/** The refusals a result type can carry. */
export type RefusalOf<R> = Extract<R, { ok: false }>;
/** The reason codes a result type can carry. */
export type ReasonOf<R> = R extends { ok: false; reason: infer Reason extends string } ? Reason : never;
