// The one way to declare a server action. Every action does the same five things in the same
// order: check the session and role, parse the FormData once with the schema its form shares,
// run one domain step, turn a refusal's reason code into words (the action's message table),
// and revalidate what changed. The result is the typed ActionResult that useActionState renders.
//
// Ours rather than next-safe-action: its results (`data` / `validationErrors` / `serverError`)
// would reshape every form, and we need the step API's reason codes mapped per action table
// and the sign-in hint the forms already render; the whole wrapper is this file.
import "server-only";
import { revalidatePath } from "next/cache";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { INVALID_INPUT, formFields, type ActionFailure, type ActionResult, type FieldErrors } from "@/lib/actions/action-result";
import { authorizeCustomer, authorizeShopOwner, type SessionUser, type ShopOwner } from "@/lib/auth/session";
import { isTransientDbError } from "@/lib/db/errors";
import type { ReasonOf, RefusalOf, Result } from "@/lib/steps/result";
import { cardNumberFieldErrors } from "@/lib/validation/card-number";
import { nulFieldErrors } from "@/lib/validation/nul-text";

export type Role = "visitor" | "customer" | "owner";
type UserOf<R extends Role> = R extends "owner" ? ShopOwner : R extends "customer" ? SessionUser : null;

export interface ActionContext<R extends Role> {
  user: UserOf<R>;
  formData: FormData;
}

/** Any action state: the form's view of the result (see lib/actions/action-result.ts). */
type AnyResult = ActionResult<object, string, object>;
type AnyState = AnyResult | null;
type SuccessState<State extends AnyState> = Extract<State, { ok: true }>;
type FailureState<State extends AnyState> = Extract<State, { ok: false }>;
type FieldOf<State extends AnyState> = FailureState<State> extends { fieldErrors: infer Errors } ? keyof Errors & string : string;
type ExtraOf<State extends AnyState> = Omit<FailureState<State>, keyof ActionFailure>;

/** What a refusal shows: a status message, optionally with field errors and extra data for the form. */
export type RefusalView<State extends AnyState> =
  string | { message: string; fieldErrors?: FieldErrors<FieldOf<State>>; extra?: ExtraOf<State> };

/** One entry per reason code the step can answer with: the compiler checks none is missing. */
export type MessageTable<Out, State extends AnyState> = {
  [Reason in ReasonOf<Out>]: RefusalView<State> | ((refusal: Extract<Out, { ok: false; reason: Reason }>) => RefusalView<State>);
};

type StepSuccess<Out> = Extract<Out, { ok: true }>;

export interface ActionDefinition<Schema extends z.ZodType, R extends Role, Out extends Result, State extends AnyState> {
  /** Who may call it; checked on the server before anything else. */
  role: R;
  /** Shared with the form; parsed exactly once (its transforms, e.g. euros to cents, run once). */
  schema: Schema;
  /** The raw input for the schema; the FormData's string fields by default. */
  input?: (formData: FormData) => unknown;
  /** Calls one domain step (through the step runner) with the parsed input. */
  run: (input: z.output<Schema>, context: ActionContext<R>) => Promise<Out>;
  /** Words for each reason code. */
  refusals: MessageTable<Out, State>;
  /** Paths that show what the step changed; revalidated on success. */
  revalidate?: (result: StepSuccess<Out>, input: z.output<Schema>) => readonly (string | readonly [string, "page" | "layout"])[];
  /** What the form gets on success; may call redirect() (outside any try, as Next requires). */
  success: (
    result: StepSuccess<Out>,
    input: z.output<Schema>,
    context: ActionContext<R>,
  ) => Omit<SuccessState<State>, "ok"> | Promise<Omit<SuccessState<State>, "ok">>;
}

export type ActionFn<State extends AnyState> = (previous: State, formData: FormData) => Promise<State>;

export { INVALID_INPUT };
export const SIGN_IN_FIRST = "Please sign in first.";
export const OWNERS_ONLY = "Only shop owners can do this.";
export const TRY_AGAIN = "We could not reach the shop just now and nothing was changed. Please try again in a moment.";

/**
 * Declares an action answering in `State` (the type its form renders):
 * `defineAction<CartActionState>()({ role, schema, run, refusals, revalidate, success })`.
 */
export function defineAction<State extends AnyState>() {
  return <Schema extends z.ZodType, R extends Role, Out extends Result>(
      definition: ActionDefinition<Schema, R, Out, State>,
    ): ActionFn<State> =>
    async (_previous, formData) => {
      // Our forms always send a FormData; a request crafted with no arguments, or an object, an
      // array or a string in its place, gets the answer to bad input (before the session is read,
      // so it writes and logs nothing) instead of throwing on it (a 500).
      if (!(formData instanceof FormData)) return failure<State>(INVALID_INPUT, {}, { reason: "invalid" });
      let user: Authorized;
      try {
        // The session check reads the user's row: an outage there is "try again" too, not a 500.
        user = await authorize(definition.role);
      } catch (error) {
        return unavailable<State>(error);
      }
      if (!user.ok) return failure<State>(user.message, {}, { signIn: user.signIn });
      const context: ActionContext<R> = { user: user.user as UserOf<R>, formData };

      const raw = (definition.input ?? formFields)(formData);
      // A NUL in any text field would make PostgreSQL refuse the statement (a 500): refused here, for every action.
      const nul = nulFieldErrors(raw);
      if (nul) return failure<State>(INVALID_INPUT, nul, { reason: "invalid" });
      // A card number is refused before anything parses, stores or logs it (PCI DSS).
      const card = cardNumberFieldErrors(raw);
      if (card) return failure<State>(INVALID_INPUT, card, { reason: "invalid" });
      const parsed = await definition.schema.safeParseAsync(raw);
      if (!parsed.success) {
        const fieldErrors = z.flattenError(parsed.error).fieldErrors as FieldErrors;
        return failure<State>(INVALID_INPUT, fieldErrors, { reason: "invalid" });
      }
      const input = parsed.data;

      let result: Out;
      try {
        result = await definition.run(input, context);
      } catch (error) {
        return unavailable<State>(error);
      }
      if (!result.ok) return describe<Out, State>(definition.refusals, result as RefusalOf<Out> & { reason: string });

      const success = result as StepSuccess<Out>;
      for (const path of definition.revalidate?.(success, input) ?? []) {
        if (typeof path === "string") revalidatePath(path);
        else revalidatePath(path[0], path[1]);
      }
      const data = await definition.success(success, input, context);
      return { ...data, ok: true } as unknown as State;
    };
}

function describe<Out, State extends AnyState>(table: MessageTable<Out, State>, refusal: RefusalOf<Out> & { reason: string }): State {
  type Entry = RefusalView<State> | ((r: typeof refusal) => RefusalView<State>);
  const entry = (table as Record<string, Entry>)[refusal.reason];
  const view = typeof entry === "function" ? entry(refusal) : entry;
  if (view === undefined) throw new Error(`no message for reason "${refusal.reason}"`);
  if (typeof view === "string") return failure<State>(view, {}, { reason: refusal.reason });
  return {
    ...view.extra,
    ok: false,
    message: view.message,
    fieldErrors: view.fieldErrors ?? {},
    reason: refusal.reason,
  } as unknown as State;
}

/** A database outage answers "try again"; anything else is a bug and is thrown on. */
function unavailable<State extends AnyState>(error: unknown): State {
  unstable_rethrow(error);
  if (!isTransientDbError(error)) throw error;
  console.error("[action] database unavailable", error);
  return failure<State>(TRY_AGAIN, {}, { reason: "unavailable" });
}

function failure<State extends AnyState>(
  message: string,
  fieldErrors: FieldErrors,
  flags: { reason?: string; signIn?: boolean } = {},
): State {
  return { ok: false, message, fieldErrors, ...flags } as unknown as State;
}

type Authorized = { ok: true; user: SessionUser | null } | { ok: false; message: string; signIn: boolean };

async function authorize(role: Role): Promise<Authorized> {
  if (role === "visitor") return { ok: true, user: null };
  const auth = role === "owner" ? await authorizeShopOwner() : await authorizeCustomer();
  if (auth.ok) return { ok: true, user: auth.user };
  return auth.reason === "signed-out"
    ? { ok: false, message: SIGN_IN_FIRST, signIn: true }
    : { ok: false, message: OWNERS_ONLY, signIn: false };
}
