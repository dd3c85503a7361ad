"use server";
// Yardsticks for `npm run bench:http` (scripts/bench-http.ts): server actions built like every
// other, posted with the same body as add-to-cart, that stop before our work starts. The bench
// prints add-to-cart beside them, so what a request costs splits into Next.js's own share, the
// proxy's, the session's and the cart's. Off (BENCH_ACTIONS unset, as on any real deployment)
// both answer a refusal at once: no session read, no database, nothing written.
import { authorizeCustomer } from "@/lib/auth/session";
import { env } from "@/lib/env";

export type YardstickState = { ok: true; signedIn?: boolean } | { ok: false; message: string } | null;

const OFF: YardstickState = { ok: false, message: "The benchmark's actions are off (BENCH_ACTIONS)." };

/** Nothing at all: an action call's cost in Next.js (routing, decoding the body, encoding the answer). */
export async function benchNoopAction(_previous: YardstickState, _formData: FormData): Promise<YardstickState> {
  return env().BENCH_ACTIONS ? { ok: true } : OFF;
}

/** Only the session, as every customer action reads it (lib/auth/session.ts): the token and the user's row. */
export async function benchSessionAction(_previous: YardstickState, _formData: FormData): Promise<YardstickState> {
  if (!env().BENCH_ACTIONS) return OFF;
  const auth = await authorizeCustomer();
  return { ok: true, signedIn: auth.ok };
}
