// Rows from raw SQL, typed and checked in one place. Contended statements are raw SQL
// (README: "Query builder or raw SQL"), and `$queryRaw<T>` would take any T on trust; here
// the row's shape is a zod schema beside the statement, checked as the rows arrive, so a
// renamed column or a bigint where an int was expected fails loudly at the statement instead
// of as `undefined` three calls later.
import { z } from "zod";
import type { Prisma, Tx } from "@/lib/db/prisma";

/** Column codecs for what PostgreSQL hands back through the pg driver adapter. */
export const col = {
  /** uuid / text columns (select uuids as `id::text`). */
  text: z.string(),
  nullableText: z.string().nullable(),
  /** int4 columns and `COUNT(*)::int`, `SUM(...)::int`. */
  int: z.number().int(),
  nullableInt: z.number().int().nullable(),
  /** float8 / numeric cast to float8. */
  number: z.number(),
  bool: z.boolean(),
  time: z.date(),
  nullableTime: z.date().nullable(),
  /** jsonb: shape it with a schema where it matters. */
  json: z.unknown(),
  textArray: z.array(z.string()),
  /** bigint columns (uncast COUNT(*), bigserial ids), as JavaScript numbers. */
  bigint: z.bigint().transform(Number),
  bytes: z.instanceof(Uint8Array),
} as const;

export type RowSchema = z.ZodType<object>;

/** Every row of `query`, each checked against `row`. */
export async function sqlRows<S extends RowSchema>(tx: Tx, row: S, query: Prisma.Sql): Promise<z.output<S>[]> {
  const raw = await tx.$queryRaw<unknown[]>(query);
  const list = z.array(row).safeParse(raw);
  if (!list.success) throw new Error(`unexpected row shape: ${z.prettifyError(list.error)}\n${query.sql.slice(0, 300)}`);
  return list.data;
}

/** The first row of `query` (checked), or null when there is none. */
export async function sqlRow<S extends RowSchema>(tx: Tx, row: S, query: Prisma.Sql): Promise<z.output<S> | null> {
  return (await sqlRows(tx, row, query))[0] ?? null;
}
