import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { auditChecks } from "@/lib/audit/checks";
import { INVARIANTS } from "@/lib/audit/invariants";

describe("the invariants have one list", () => {
  it("docs/DESIGN.md and lib/audit/invariants.ts name the same invariants", async () => {
    const design = await readFile(path.resolve(import.meta.dirname, "../../docs/DESIGN.md"), "utf8");
    const rows = [...design.matchAll(/^\| (I\d+) \| ([^|]+?) \|/gm)].map(([, id, name]) => [id, name]);
    expect(Object.fromEntries(rows)).toEqual(INVARIANTS);
  });

  it("every audit check names an invariant of the list", () => {
    for (const check of auditChecks) expect(Object.keys(INVARIANTS)).toContain(check.invariant);
  });
});
