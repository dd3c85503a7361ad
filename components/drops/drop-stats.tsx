"use client";

import { useQuery } from "@tanstack/react-query";
import { useSyncExternalStore, type CSSProperties } from "react";
import { LocalClock } from "@/components/cart/hold-countdown";
import dashboard from "@/components/dashboard/dashboard.module.css";
import chart from "@/components/dashboard/stock-chart.module.css";
import { axisTicks, timeTicks } from "@/lib/dashboard/chart-ticks";
import type { DropLinePoint, DropStats } from "@/lib/drops/queries";
import { routes } from "@/lib/routes";

async function fetchStats(dropId: string): Promise<DropStats> {
  const response = await fetch(routes.dashboardDropStats(dropId), { cache: "no-store" });
  if (!response.ok) throw new Error(`drop stats: HTTP ${response.status}`);
  return (await response.json()) as DropStats;
}

/** "<1 min", "4 min", "1 h 20 min": a tile's figure. */
function shortWait(seconds: number): string {
  if (seconds < 60) return "<1 min";
  const minutes = Math.round(seconds / 60);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

const PHASE_WORDS = {
  upcoming: "The line is not open yet",
  open: "The line is open",
  running: "The drop is running",
  ended: "The drop has ended",
};

/**
 * The owner's live view of a drop's line on the sale (or campaign) page: who waits, who is in,
 * who bought, the pace, how long the last in line still waits, and the line over time.
 */
export function DropStatsPanel({ initial }: { initial: DropStats }) {
  const { data: stats = initial } = useQuery({
    queryKey: ["drop-stats", initial.dropId],
    queryFn: () => fetchStats(initial.dropId),
    initialData: initial,
    refetchInterval: (query) => (query.state.data?.phase === "ended" ? false : 3_000),
  });
  const figures: [string, string, string][] = [
    ["Waiting", stats.waiting.toLocaleString("en"), "waiting"],
    [
      stats.maxAdmitted ? `Admitted now (at most ${stats.maxAdmitted.toLocaleString("en")})` : "Admitted now",
      stats.admittedNow.toLocaleString("en"),
      "admitted-now",
    ],
    ["Admitted in total", stats.admittedTotal.toLocaleString("en"), "admitted-total"],
    ["Bought", stats.bought.toLocaleString("en"), "bought"],
    ["Let in per minute", stats.admitPerMinute.toLocaleString("en"), "rate"],
    ["Last in line waits", stats.lastWaitSeconds === null ? "–" : shortWait(stats.lastWaitSeconds), "last-wait"],
  ];
  return (
    <section className="stack" aria-labelledby="drop-stats-title" data-testid="drop-stats" data-phase={stats.phase}>
      <h2 id="drop-stats-title">Waiting room</h2>
      <p className="muted">
        {PHASE_WORDS[stats.phase]}. The line opens <LocalClock iso={stats.opensAt} withDay />, the drop starts{" "}
        <LocalClock iso={stats.startsAt} withDay />; each turn lasts {Math.round(stats.admissionSeconds / 60)} min.{" "}
        {stats.joined.toLocaleString("en")} joined in all.
      </p>
      <dl className={dashboard.stats}>
        {figures.map(([label, value, key]) => (
          <div key={key} className={dashboard.stat}>
            <dt>{label}</dt>
            <dd data-testid={`drop-stat-${key}`}>{value}</dd>
          </div>
        ))}
      </dl>
      <LineChart points={stats.history} />
    </section>
  );
}

const X_MAX = 1000;
const PLOT_HEIGHT = 200;
const TOP_ROOM = 8;
const SERIES = [
  { key: "waiting", label: "Waiting", className: chart.onHand },
  { key: "admittedNow", label: "Admitted now", className: chart.held },
] as const satisfies readonly { key: keyof Omit<DropLinePoint, "at">; label: string; className: string | undefined }[];

const noSubscription = () => () => undefined;

/** The line over time: waiting and admitted, as lines. Drawn in the browser (its time zone places the ticks). */
function LineChart({ points }: { points: DropLinePoint[] }) {
  const offsetMs = useSyncExternalStore(
    noSubscription,
    () => -new Date().getTimezoneOffset() * 60_000,
    () => null,
  );
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last || offsetMs === null) return null;
  const start = Date.parse(first.at);
  const end = Math.max(Date.parse(last.at), start + 60_000);
  const yTicks = axisTicks(Math.max(...points.flatMap((point) => [point.waiting, point.admittedNow])));
  const yMax = yTicks.at(-1) ?? 1;
  const x = (ms: number) => ((ms - start) / (end - start)) * X_MAX;
  const y = (value: number) => TOP_ROOM + (1 - value / yMax) * (PLOT_HEIGHT - TOP_ROOM);
  const path = (key: (typeof SERIES)[number]["key"]) =>
    points.map((point, i) => `${i === 0 ? "M" : "L"} ${x(Date.parse(point.at)).toFixed(1)} ${y(point[key]).toFixed(1)}`).join(" ");
  const ticks = timeTicks(start, end, 4, offsetMs);
  const most = Math.max(...points.map((point) => point.waiting));
  return (
    <figure className={chart.figure} data-testid="drop-chart">
      <div aria-hidden="true" className={chart.visual}>
        <ul className={chart.legend}>
          {SERIES.map((series) => (
            <li key={series.key}>
              <svg className={chart.swatch} viewBox="0 0 32 10" focusable="false">
                <line x1="1" x2="31" y1="5" y2="5" className={series.className} />
              </svg>
              {series.label} <strong>{last[series.key]}</strong>
            </li>
          ))}
        </ul>
        <div className={chart.plot}>
          <svg className={chart.svg} viewBox={`0 0 ${X_MAX} ${PLOT_HEIGHT}`} preserveAspectRatio="none" focusable="false">
            {yTicks.map((value) => (
              <line key={`y${value}`} x1="0" x2={X_MAX} y1={y(value)} y2={y(value)} className={value === 0 ? chart.axis : chart.grid} />
            ))}
            {SERIES.map((series) => (
              <path key={series.key} d={path(series.key)} className={series.className} data-series={series.key} />
            ))}
          </svg>
          {yTicks.map((value) => (
            <span key={`y${value}`} className={chart.yLabel} style={{ top: `${y(value)}px` }}>
              {value}
            </span>
          ))}
          {ticks.map((tick, index) => {
            const at = x(tick.ms) / X_MAX;
            const align = at < 0.2 ? chart.alignStart : at > 0.8 ? chart.alignEnd : undefined;
            return (
              <span
                key={`x${tick.ms}`}
                className={[chart.xLabel, align, index % 2 === 1 ? chart.minor : undefined].filter(Boolean).join(" ")}
                style={{ "--at": at.toFixed(4) } as CSSProperties}
              >
                <LocalClock iso={new Date(tick.ms).toISOString()} withDay={tick.withDay} />
              </span>
            );
          })}
        </div>
      </div>
      <figcaption className={chart.summary}>
        The line since it opened: now {last.waiting.toLocaleString("en")} waiting and {last.admittedNow.toLocaleString("en")} admitted; at
        most {most.toLocaleString("en")} waited at once.
      </figcaption>
    </figure>
  );
}
