import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { ActionResult } from "@/lib/actions/action-result";
import { defineAction, INVALID_INPUT } from "@/lib/actions/define-action";
import { Prisma } from "@/lib/db/prisma";
import { ok } from "@/lib/steps/result";
import { cleanSearchParam, NUL_MESSAGE } from "@/lib/validation/nul-text";
import { useTestDatabase, type TestDatabase } from "@/test/support/test-database";

let t: TestDatabase;
beforeAll(async () => {
  t = await useTestDatabase(2);
});

// A visitor action whose step stores its text in PostgreSQL, as every real action's step does.
type EchoState = ActionResult<{ stored: string }, "name" | "note"> | null;
const echo = defineAction<EchoState>()({
  role: "visitor",
  schema: z.object({ name: z.string().trim().min(1), note: z.string().default("") }),
  run: async (input) => {
    const rows = await t.prisma.$queryRaw<{ stored: string }[]>(Prisma.sql`SELECT (${input.name}::text || ${input.note}::text) AS stored`);
    return ok({ stored: rows[0]!.stored });
  },
  refusals: {},
  success: (result) => ({ stored: result.stored }),
});

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
}

describe("a NUL character in any text field is a field error, never a 500", () => {
  it("PostgreSQL itself refuses a NUL in text (why the check exists)", async () => {
    await expect(t.prisma.$queryRaw(Prisma.sql`SELECT ${"a\u0000b"}::text`)).rejects.toThrow();
  });

  it.each([
    { name: "\u0000", note: "" },
    { name: "Ann\u0000", note: "ok" },
    { name: "Ann", note: "x\u0000y" },
  ])("refuses %j as a field error on the field that holds it", async (fields) => {
    const result = await echo(null, form(fields));
    expect(result).toMatchObject({ ok: false, message: INVALID_INPUT, reason: "invalid" });
    const errors = result && !result.ok ? result.fieldErrors : {};
    for (const [key, value] of Object.entries(fields)) {
      if (value.includes("\u0000")) expect(errors[key as "name"]).toEqual([NUL_MESSAGE]);
      else expect(errors[key as "name"]).toBeUndefined();
    }
  });

  it("other text, unicode included, still goes through", async () => {
    expect(await echo(null, form({ name: "Åsa 🛒 \u200b", note: "\t" }))).toMatchObject({ ok: true, stored: "Åsa 🛒 \u200b\t" });
  });

  it("search parameters are cleaned of control characters", () => {
    expect(cleanSearchParam("\u0000")).toBe("");
    expect(cleanSearchParam([" hal\u0000cyon ", "x"])).toBe("halcyon");
    expect(cleanSearchParam("a".repeat(500))).toHaveLength(200);
    expect(cleanSearchParam(undefined)).toBe("");
  });
});
