import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { YardstickForms } from "@/app/bench/yardstick-forms";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "Benchmark yardsticks", robots: { index: false, follow: false } };
export const dynamic = "force-dynamic";

// The home of the bench's yardstick actions (app/bench/actions.ts): an action is served from
// the pages that use it, so `npm run bench:http` posts them here. A 404 unless BENCH_ACTIONS is on.
export default function BenchPage() {
  if (!env().BENCH_ACTIONS) notFound();
  return (
    <main id="main" className="container page stack">
      <h1>Benchmark yardsticks</h1>
      <p className="muted">Server actions that stop before our work starts; npm run bench:http posts to them.</p>
      <YardstickForms />
    </main>
  );
}
