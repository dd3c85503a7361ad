import type { CSSProperties } from "react";
import { LocalClock } from "@/components/cart/hold-countdown";
import styles from "@/components/dashboard/stock-chart.module.css";
import { axisTicks, timeTicks, zoneOffsetMs } from "@/lib/dashboard/chart-ticks";
import type { StockHistory, StockHistoryPoint } from "@/lib/dashboard/stock-history";
import { env } from "@/lib/env";

// The plot's drawing box: x runs 0..1000 and is stretched to the plot's width; y is drawn 1:1
// in CSS pixels (the SVG is PLOT_HEIGHT px tall), so HTML labels can sit at the same y. No
// text lives inside the SVG: a viewBox would scale it down to a few pixels on a phone.
const X_MAX = 1000;
const PLOT_HEIGHT = 200;
const TOP_ROOM = 8;
const MIN_SPAN_MS = 5 * 60_000;

const SERIES = [
  { key: "onHand", label: "On hand", className: styles.onHand },
  { key: "held", label: "Held", className: styles.held },
  { key: "sold", label: "Sold", className: styles.sold },
] as const satisfies readonly { key: keyof Omit<StockHistoryPoint, "at">; label: string; className: string | undefined }[];

/**
 * On hand, held (carts and unpaid orders) and sold over time, as step lines: a level holds
 * until the next movement. Plain SVG from the server, lines told apart by style as well as
 * colour, a legend, labels in HTML at a readable size, and a sentence that says the same.
 */
export function StockChart({ history }: { history: StockHistory }) {
  const { points, asOf } = history;
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last) return <p className="muted">No stock has moved yet.</p>;

  const end = Date.parse(asOf);
  const start = Math.min(Date.parse(first.at), end - MIN_SPAN_MS);
  const yTicks = axisTicks(Math.max(...points.flatMap((point) => [point.onHand, point.held, point.sold])));
  const yMax = yTicks.at(-1) ?? 1;
  const x = (ms: number) => ((ms - start) / (end - start)) * X_MAX;
  const y = (value: number) => TOP_ROOM + (1 - value / yMax) * (PLOT_HEIGHT - TOP_ROOM);
  const path = (key: (typeof SERIES)[number]["key"]) => {
    let d = `M ${x(Date.parse(first.at)).toFixed(1)} ${y(first[key]).toFixed(1)}`;
    for (const point of points.slice(1)) d += ` H ${x(Date.parse(point.at)).toFixed(1)} V ${y(point[key]).toFixed(1)}`;
    return `${d} H ${X_MAX}`;
  };
  const ticks = timeTicks(start, end, 4, zoneOffsetMs(env().SHOP_TIME_ZONE, end));
  const highest = Math.max(...points.map((point) => point.onHand));

  return (
    <figure className={styles.figure} data-testid="stock-chart">
      <div aria-hidden="true" className={styles.visual}>
        <ul className={styles.legend} data-testid="stock-chart-legend">
          {SERIES.map((series) => (
            <li key={series.key}>
              <svg className={styles.swatch} viewBox="0 0 32 10" focusable="false">
                <line x1="1" x2="31" y1="5" y2="5" className={series.className} />
              </svg>
              {series.label} <strong>{last[series.key]}</strong>
            </li>
          ))}
        </ul>
        <div className={styles.plot}>
          <svg className={styles.svg} viewBox={`0 0 ${X_MAX} ${PLOT_HEIGHT}`} preserveAspectRatio="none" focusable="false">
            {yTicks.map((value) => (
              <line key={`y${value}`} x1="0" x2={X_MAX} y1={y(value)} y2={y(value)} className={value === 0 ? styles.axis : styles.grid} />
            ))}
            {ticks.map((tick) => (
              <line key={`x${tick.ms}`} x1={x(tick.ms)} x2={x(tick.ms)} y1={TOP_ROOM} y2={PLOT_HEIGHT} className={styles.grid} />
            ))}
            {SERIES.map((series) => (
              <path key={series.key} d={path(series.key)} className={series.className} data-series={series.key} />
            ))}
          </svg>
          {yTicks.map((value) => (
            <span key={`y${value}`} className={styles.yLabel} style={{ top: `${y(value)}px` }}>
              {value}
            </span>
          ))}
          {ticks.map((tick, index) => {
            const at = x(tick.ms) / X_MAX;
            const align = at < 0.2 ? styles.alignStart : at > 0.8 ? styles.alignEnd : undefined;
            return (
              <span
                key={`x${tick.ms}`}
                className={[styles.xLabel, align, index % 2 === 1 ? styles.minor : undefined].filter(Boolean).join(" ")}
                style={{ "--at": at.toFixed(4) } as CSSProperties}
              >
                <LocalClock iso={new Date(tick.ms).toISOString()} withDay={tick.withDay} />
              </span>
            );
          })}
        </div>
      </div>
      <figcaption className={styles.summary} data-testid="stock-chart-summary">
        As of <LocalClock iso={asOf} withDay />: on hand {last.onHand}, held {last.held}, sold {last.sold}. Since{" "}
        <LocalClock iso={first.at} withDay />, on hand was at most {highest}. Every movement is in the stock ledger below.
      </figcaption>
    </figure>
  );
}
