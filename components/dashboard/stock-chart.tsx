import type { StockPoint } from "@/lib/listings/queries";
import styles from "./dashboard.module.css";

const WIDTH = 640;
const HEIGHT = 180;
const PAD = { top: 12, right: 12, bottom: 24, left: 36 };

const dateLabel = (iso: string) =>
  new Date(iso).toLocaleString("en-IE", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone: "UTC" });

/**
 * On hand over time as a step line: stock stays at a level until the next movement. Plain
 * SVG from the server, no chart library; the table below it carries the same data in text.
 */
export function StockChart({ series, asOf }: { series: StockPoint[]; asOf: string }) {
  const first = series[0];
  const last = series.at(-1);
  if (!first || !last) return <p className="muted">No stock has moved yet.</p>;

  const start = Date.parse(first.at);
  const end = Math.max(Date.parse(asOf), Date.parse(last.at), start + 1);
  const max = Math.max(1, ...series.map((point) => point.onHand));
  const x = (iso: string) => PAD.left + ((Date.parse(iso) - start) / (end - start)) * (WIDTH - PAD.left - PAD.right);
  const y = (value: number) => PAD.top + (1 - value / max) * (HEIGHT - PAD.top - PAD.bottom);

  let line = `M ${x(first.at).toFixed(1)} ${y(first.onHand).toFixed(1)}`;
  for (const point of series.slice(1)) line += ` H ${x(point.at).toFixed(1)} V ${y(point.onHand).toFixed(1)}`;
  line += ` H ${(WIDTH - PAD.right).toFixed(1)}`;
  const baseline = y(0).toFixed(1);
  const area = `${line} V ${baseline} H ${x(first.at).toFixed(1)} Z`;
  const label = `Units on hand over time: ${first.onHand} on ${dateLabel(first.at)}, ${last.onHand} now, at most ${max}.`;

  return (
    <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className={styles.chart} role="img" aria-label={label}>
      <path d={area} className={styles.chartArea} />
      <path d={line} className={styles.chartLine} />
      <line x1={PAD.left} x2={WIDTH - PAD.right} y1={baseline} y2={baseline} className={styles.chartAxis} />
      <line x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={baseline} className={styles.chartAxis} />
      <text x={PAD.left - 6} y={PAD.top + 4} textAnchor="end" className={styles.chartLabel}>
        {max}
      </text>
      <text x={PAD.left - 6} y={Number(baseline) + 4} textAnchor="end" className={styles.chartLabel}>
        0
      </text>
      <text x={PAD.left} y={HEIGHT - 6} className={styles.chartLabel}>
        {dateLabel(first.at)} UTC
      </text>
      <text x={WIDTH - PAD.right} y={HEIGHT - 6} textAnchor="end" className={styles.chartLabel}>
        now
      </text>
    </svg>
  );
}
