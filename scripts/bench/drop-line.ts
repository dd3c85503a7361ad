// The waiting room under a launch crowd, in-process (npm run bench, scenario drop-line): the
// same crowd meets the same scarce units twice, once through a drop's line and once as an
// unqueued rush on add-to-cart, and the bench prints what each shopper waited for an answer.
//
//   with the line: everyone joins before the start (one statement each), the line is shuffled,
//   and every shopper polls their place through getDropPlace (what the place route answers)
//   until it is their turn or the units are gone; an admitted shopper adds to cart at once.
//   Polls run the admission batches on the spot, as on a live server.
//   without it: everyone calls runAddToCart at the start (as the action does), `concurrency`
//   at a time, as a server's connections would take them; the rest wait their turn unanswered.
import { runAddToCart } from "@/lib/cart/cart-lines";
import type { Db } from "@/lib/db/prisma";
import { joinDrop } from "@/lib/drops/join";
import { getDropPlace } from "@/lib/drops/place";
import { createFlashSale } from "@/lib/flash-sales/create-flash-sale";
import { runStep } from "@/lib/steps/run-step";
import { drive, median, percentile } from "@/scripts/bench/drive";
import type { ShopFixture } from "@/test/support/cart-fixtures";

const HOUR = 3_600_000;

export interface DropLineResult {
  shoppers: number;
  units: number;
  admitPerMinute: number;
  concurrency: number;
  join: { perSecond: number; p50: number; p99: number };
  shuffleMs: number;
  poll: { answers: number; perSecond: number; p50: number; p99: number; cpuMsPerAnswer: number };
  /** Buyers among the first `units` shoppers to arrive: with the line, what chance gives them; without it, all of them. */
  queued: { bought: number; firstArrivalsBought: number; lastBuyerWaitedS: number; everyoneAnsweredWithinMs: number };
  unqueued: { bought: number; firstArrivalsBought: number; lastAnsweredAfterS: number; p50AnswerS: number; p99AnswerS: number };
}

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

async function dropListing(prisma: Db, shop: ShopFixture, units: number, admitPerMinute: number) {
  const listingId = await shop.listing(units);
  const sale = await runStep(prisma, createFlashSale, {
    shopId: shop.shopId,
    listingId,
    slots: Math.min(units, 10),
    discount: { kind: "percent", percent: 10 },
    startsAt: new Date(Date.now() + HOUR),
    endsAt: new Date(Date.now() + 3 * HOUR),
    drop: { opensBeforeMs: 2 * HOUR, admitPerMinute, maxAdmitted: null, admissionSeconds: 600 },
  });
  if (!sale.ok || !sale.dropId) throw new Error("bench drop: the sale was refused");
  return { listingId, saleId: sale.saleId, dropId: sale.dropId };
}

export async function benchDropLine(
  prisma: Db,
  shop: ShopFixture,
  shoppers: string[],
  options: { units: number; admitPerMinute: number; concurrency: number },
): Promise<DropLineResult> {
  const { units, admitPerMinute, concurrency } = options;
  const { listingId, saleId, dropId } = await dropListing(prisma, shop, units, admitPerMinute);

  // Everyone joins before the start, at the same moment.
  const joins = await drive(shoppers.length, concurrency, async (i) => {
    const joined = await joinDrop(prisma, { dropId, userId: shoppers[i]! });
    return joined.ok ? "won" : "refused";
  });
  const joinLatencies = [...joins.latencies].sort((a, b) => a - b);

  // The start: the first poll numbers the line (one shuffle) and lets the first batch in.
  await prisma.$executeRaw`UPDATE drops SET starts_at = now() WHERE id = ${dropId}::uuid`;
  await prisma.$executeRaw`UPDATE flash_sales SET starts_at = now() WHERE id = ${saleId}::uuid`;
  const start = performance.now();
  await getDropPlace(prisma, dropId, shoppers[0]!);
  const shuffleMs = performance.now() - start;

  // Every shopper polls at the pace the server tells them, until they bought or it sold out.
  // Polls are what a shopper's browser sends; `concurrency` of them in flight at once.
  const nextPollAt = new Array<number>(shoppers.length).fill(performance.now());
  const done = new Array<boolean>(shoppers.length).fill(false);
  const buyerWaits: number[] = [];
  const buyers: number[] = [];
  const pollLatencies: number[] = [];
  let soldOut = false;
  const cpuBefore = process.cpuUsage();
  let cursor = 0;
  const takeNext = (): number | null => {
    for (let scanned = 0; scanned < shoppers.length; scanned++) {
      const i = cursor;
      cursor = (cursor + 1) % shoppers.length;
      if (!done[i] && nextPollAt[i]! <= performance.now()) return i;
    }
    return null;
  };
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (!soldOut && done.some((finished) => !finished)) {
        const i = takeNext();
        if (i === null) {
          await new Promise((resolve) => setTimeout(resolve, 20));
          continue;
        }
        const t0 = performance.now();
        const place = await getDropPlace(prisma, dropId, shoppers[i]!);
        pollLatencies.push(performance.now() - t0);
        if (!place) throw new Error("bench drop: the drop vanished");
        nextPollAt[i] = performance.now() + Math.max(place.pollAfterMs, 1_000);
        if (place.turn.state !== "admitted") continue;
        const added = await runAddToCart(prisma, { userId: shoppers[i]!, listingId, quantity: 1, ttlMs: HOUR });
        done[i] = true;
        if (added.ok && added.line.status === "reserved") {
          buyerWaits.push(performance.now() - start);
          buyers.push(i);
        } else soldOut = true;
      }
    }),
  );
  const pollSeconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const polls = [...pollLatencies].sort((a, b) => a - b);

  // The same crowd and units, no line: everyone presses Add to cart at the start.
  const rush = await shop.listing(units);
  const rushStart = performance.now();
  const answeredAt: number[] = [];
  const rushDrive = await drive(shoppers.length, concurrency, async (i) => {
    const added = await runAddToCart(prisma, { userId: shoppers[i]!, listingId: rush, quantity: 1, ttlMs: HOUR });
    answeredAt.push(performance.now() - rushStart);
    return added.ok && added.line.status === "reserved" ? "won" : "refused";
  });
  answeredAt.sort((a, b) => a - b);

  return {
    shoppers: shoppers.length,
    units,
    admitPerMinute,
    concurrency,
    join: {
      perSecond: Math.round(shoppers.length / joins.seconds),
      p50: round(median(joinLatencies)),
      p99: round(percentile(joinLatencies, 0.99)),
    },
    shuffleMs: Math.round(shuffleMs),
    poll: {
      answers: polls.length,
      perSecond: Math.round(polls.length / pollSeconds),
      p50: round(median(polls)),
      p99: round(percentile(polls, 0.99)),
      cpuMsPerAnswer: round((cpu.user + cpu.system) / 1000 / Math.max(1, polls.length), 2),
    },
    queued: {
      bought: buyerWaits.length,
      firstArrivalsBought: buyers.filter((i) => i < units).length,
      lastBuyerWaitedS: round(Math.max(0, ...buyerWaits) / 1000),
      everyoneAnsweredWithinMs: round(percentile(joinLatencies, 1)),
    },
    unqueued: {
      bought: rushDrive.outcomes.filter((outcome) => outcome === "won").length,
      firstArrivalsBought: rushDrive.outcomes.slice(0, units).filter((outcome) => outcome === "won").length,
      lastAnsweredAfterS: round((answeredAt.at(-1) ?? 0) / 1000, 2),
      p50AnswerS: round(median(answeredAt) / 1000, 2),
      p99AnswerS: round(percentile(answeredAt, 0.99) / 1000, 2),
    },
  };
}

export function dropLineTable(result: DropLineResult): string {
  return [
    `Drop line: ${result.shoppers.toLocaleString("en")} shoppers for ${result.units} units, line admitting ${result.admitPerMinute.toLocaleString("en")} a minute, ${result.concurrency} requests in flight`,
    "",
    "| step | figure |",
    "| --- | --- |",
    `| join before the start (join_drop) | ${result.join.perSecond.toLocaleString("en")}/s, p50 ${result.join.p50} ms, p99 ${result.join.p99} ms |`,
    `| shuffle at the start (one statement, ${result.shoppers.toLocaleString("en")} places) | ${result.shuffleMs} ms |`,
    `| place polls while admission runs (getDropPlace, the place route's work) | ${result.poll.answers.toLocaleString("en")} answers, ${result.poll.perSecond.toLocaleString("en")}/s, p50 ${result.poll.p50} ms, p99 ${result.poll.p99} ms, ${result.poll.cpuMsPerAnswer} ms Node CPU per answer |`,
    `| with the line | ${result.queued.bought} of ${result.units} units bought, ${result.queued.firstArrivalsBought} of them by the first ${result.units} to arrive (chance, as the shuffle gives); the last buyer added to cart ${result.queued.lastBuyerWaitedS} s after the start; every shopper had an answer (a place) within ${result.queued.everyoneAnsweredWithinMs} ms of joining |`,
    `| without it | ${result.unqueued.bought} of ${result.units} units bought, ${result.unqueued.firstArrivalsBought} of them by the first ${result.units} to arrive (whoever's request landed first); answers p50 ${result.unqueued.p50AnswerS} s, p99 ${result.unqueued.p99AnswerS} s; the last of the crowd waited ${result.unqueued.lastAnsweredAfterS} s for "sold out" |`,
  ].join("\n");
}
