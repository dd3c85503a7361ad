// The bench's yardstick actions are harmless where BENCH_ACTIONS is off (every real
// deployment): they refuse at once, before reading the session or touching the database.
import { afterEach, describe, expect, it, vi } from "vitest";

const authorizeCustomer = vi.hoisted(() => vi.fn(() => Promise.resolve({ ok: true, user: { id: "u1" } })));
vi.mock("@/lib/auth/session", () => ({ authorizeCustomer }));

/** The actions with env() read afresh under BENCH_ACTIONS=value (env() caches its first read). */
async function actionsWith(value: string | undefined) {
  vi.resetModules();
  vi.stubEnv("BENCH_ACTIONS", value);
  return import("@/app/bench/actions");
}

afterEach(() => {
  vi.unstubAllEnvs();
  authorizeCustomer.mockClear();
});

describe("bench yardstick actions", () => {
  it.each([undefined, "0", "false"])("refuse without reading the session when BENCH_ACTIONS is %s", async (value) => {
    const { benchNoopAction, benchSessionAction } = await actionsWith(value);
    for (const action of [benchNoopAction, benchSessionAction])
      expect(await action(null, new FormData())).toEqual({ ok: false, message: expect.stringContaining("BENCH_ACTIONS") as string });
    expect(authorizeCustomer).not.toHaveBeenCalled();
  });

  it("answer, and the session-only one reads the session, when BENCH_ACTIONS=1", async () => {
    const { benchNoopAction, benchSessionAction } = await actionsWith("1");
    expect(await benchNoopAction(null, new FormData())).toEqual({ ok: true });
    expect(authorizeCustomer).not.toHaveBeenCalled();
    expect(await benchSessionAction(null, new FormData())).toEqual({ ok: true, signedIn: true });
    expect(authorizeCustomer).toHaveBeenCalledTimes(1);
  });
});
