// Where a shopper stands in a drop's line, as the drop panel polls it (/api/drops/[id]/place).
// Cheap to wait in (I12): the place and the number ahead come from one indexed lookup (the
// shopper's place row beside the drop row's admitted-so-far mark), never a count over the
// line. When an admission batch is due (the rate has a token for the next in line, or the
// start's shuffle has not run), the poll runs it on the spot, so the line moves between sweeps
// on every instance, and answers where things stand after it.
import { z } from "zod";
import { Prisma, type Db } from "@/lib/db/prisma";
import { col, sqlRow } from "@/lib/db/rows";
import { admitDrop } from "@/lib/drops/admit";

export type DropPhase = "upcoming" | "open" | "running" | "ended";

export type DropTurn =
  /** Not in the line. */
  | { state: "out" }
  /** In the line before the start: the start's shuffle gives the place. */
  | { state: "joined" }
  /** Waiting for the turn. */
  | { state: "waiting"; place: number; ahead: number; estimatedWaitSeconds: number }
  /** Admitted: may buy (or claim) until `until`. */
  | { state: "admitted"; place: number; until: string }
  /** The turn is over: used (a purchase or a claim) or run out. */
  | { state: "over"; place: number; used: boolean; endedAt: string };

export interface DropPlaceView {
  dropId: string;
  phase: DropPhase;
  opensAt: string;
  startsAt: string;
  /** Null for a campaign with no end date. */
  endsAt: string | null;
  admitPerMinute: number;
  /** How many are in the line not yet admitted (the shopper's own place says where they are). */
  waiting: number | null;
  turn: DropTurn;
  /** When to ask again: soon near the front, rarely far from it (the poll backs off). */
  pollAfterMs: number;
  /** The database's clock: countdowns run against it. */
  now: string;
}

const placeRow = z.object({
  id: col.text,
  opens_at: col.time,
  starts_at: col.time,
  ends_at: col.nullableTime,
  shuffled: col.bool,
  last_place: col.int,
  admitted_through: col.int,
  admit_per_minute: col.int,
  joined: col.bool,
  place: col.nullableInt,
  admitted_at: col.nullableTime,
  admission_ends_at: col.nullableTime,
  ended_at: col.nullableTime,
  due: col.bool,
  now: col.time,
});
type PlaceRow = z.infer<typeof placeRow>;

async function readPlace(db: Db, dropId: string, viewerId: string | null): Promise<PlaceRow | null> {
  return sqlRow(
    db,
    placeRow,
    Prisma.sql`
    SELECT d.id::text, d.opens_at, d.starts_at, NULLIF(e.ends_at, 'infinity') AS ends_at, d.shuffled_at IS NOT NULL AS shuffled,
           d.last_place, d.admitted_through, d.admit_per_minute,
           p.id IS NOT NULL AS joined, p.place, p.admitted_at, p.admission_ends_at, p.ended_at,
           (now() >= d.starts_at AND now() < e.ends_at
             AND (d.shuffled_at IS NULL
                  OR (d.last_place > d.admitted_through AND d.credit_at + make_interval(secs => 60.0 / d.admit_per_minute) <= now()))) AS due,
           now() AS now
      FROM drops d
      CROSS JOIN LATERAL (SELECT drop_ends_at(d.id) AS ends_at) e
      LEFT JOIN drop_places p ON p.drop_id = d.id AND p.user_id = ${viewerId}::uuid
     WHERE d.id = ${dropId}::uuid`,
  );
}

const SECOND = 1_000;

function viewOf(row: PlaceRow): DropPlaceView {
  const now = row.now.getTime();
  const phase: DropPhase =
    now < row.opens_at.getTime()
      ? "upcoming"
      : now < row.starts_at.getTime()
        ? "open"
        : row.ends_at && now >= row.ends_at.getTime()
          ? "ended"
          : "running";
  const perSecond = row.admit_per_minute / 60;
  let turn: DropTurn;
  if (!row.joined) turn = { state: "out" };
  else if (row.place === null) turn = { state: "joined" };
  else if (!row.admitted_at || !row.admission_ends_at) {
    const ahead = Math.max(row.place - row.admitted_through - 1, 0);
    turn = { state: "waiting", place: row.place, ahead, estimatedWaitSeconds: Math.ceil((ahead + 1) / perSecond) };
  } else if (!row.ended_at && row.admission_ends_at.getTime() > now) {
    turn = { state: "admitted", place: row.place, until: row.admission_ends_at.toISOString() };
  } else {
    const endedAt = row.ended_at ?? row.admission_ends_at;
    turn = { state: "over", place: row.place, used: row.ended_at !== null, endedAt: endedAt.toISOString() };
  }
  return {
    dropId: row.id,
    phase,
    opensAt: row.opens_at.toISOString(),
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at?.toISOString() ?? null,
    admitPerMinute: row.admit_per_minute,
    waiting: row.shuffled ? row.last_place - row.admitted_through : null,
    turn,
    pollAfterMs: pollAfter(phase, turn, row, now),
    now: row.now.toISOString(),
  };
}

/**
 * Backing off far from the front: about a fifth of the estimated wait, between 2 seconds and a
 * minute. Before the line opens and before the start nothing changes until that moment, so the
 * answer says to come back then, a few seconds apart at random: ten thousand pages must not all
 * ask in the same second (the panel's countdowns spread their own refresh the same way).
 */
function pollAfter(phase: DropPhase, turn: DropTurn, row: PlaceRow, now: number): number {
  if (phase === "ended") return 0;
  const clamp = (ms: number) => Math.min(Math.max(Math.round(ms), 2 * SECOND), 60 * SECOND);
  const spread = () => Math.random() * 5 * SECOND;
  if (phase === "upcoming") return clamp(row.opens_at.getTime() - now + spread());
  if (phase === "open") return clamp(row.starts_at.getTime() - now + spread());
  if (turn.state === "waiting") return clamp((turn.estimatedWaitSeconds * SECOND) / 5);
  if (turn.state === "joined") return 2 * SECOND;
  return 15 * SECOND;
}

/** The shopper's place (a signed-out viewer is simply not in the line); null for an unknown drop. */
export async function getDropPlace(db: Db, dropId: string, viewerId: string | null): Promise<DropPlaceView | null> {
  let row = await readPlace(db, dropId, viewerId);
  if (row?.due) {
    await admitDrop(db, dropId);
    row = await readPlace(db, dropId, viewerId);
  }
  return row ? viewOf(row) : null;
}
