// Figures per scenario and strategy: medians over the interleaved rounds, ratios to
// SELECT ... FOR UPDATE and to the single-row limit, a text table, a Markdown table (for the
// README), and an SVG chart.
import { median, type RunRecord, type Scenario } from "@/scripts/bench/scenarios";

export interface Summary {
  scenario: string;
  title: string;
  strategy: string;
  label: string;
  rounds: number;
  opsPerSecond: number;
  perRound: number[];
  vsForUpdate: number | null;
  vsLimit: number | null;
  p50: number;
  p95: number;
  p99: number;
  won: number;
  refused: number;
  lost: number;
  issued: number;
  limit: number;
  /** Worst over the rounds. */
  oversold: number;
  consistent: boolean | null;
  firstArrivalsWon: number | null;
  errors: Record<string, number>;
}

export function summarize(scenarios: Scenario[], records: RunRecord[]): Summary[] {
  const out: Summary[] = [];
  for (const scenario of scenarios) {
    const rows: Summary[] = [];
    for (const strategy of scenario.strategies) {
      const runs = records.filter((r) => r.scenario === scenario.id && r.strategy === strategy.id);
      if (runs.length === 0) continue;
      const errors: Record<string, number> = {};
      for (const run of runs) for (const [kind, n] of Object.entries(run.errors)) errors[kind] = (errors[kind] ?? 0) + n;
      const fair = runs.map((r) => r.firstArrivalsWon).filter((n): n is number => n !== null);
      const consistency = runs.map((r) => r.consistent).filter((c): c is boolean => c !== null);
      rows.push({
        scenario: scenario.id,
        title: scenario.title,
        strategy: strategy.id,
        label: strategy.label,
        rounds: runs.length,
        opsPerSecond: Math.round(median(runs.map((r) => r.opsPerSecond))),
        perRound: runs.map((r) => r.opsPerSecond),
        vsForUpdate: null,
        vsLimit: null,
        p50: +median(runs.map((r) => r.p50)).toFixed(1),
        p95: +median(runs.map((r) => r.p95)).toFixed(1),
        p99: +median(runs.map((r) => r.p99)).toFixed(1),
        won: Math.round(median(runs.map((r) => r.won))),
        refused: Math.round(median(runs.map((r) => r.refused))),
        lost: Math.round(median(runs.map((r) => r.lost))),
        issued: Math.round(median(runs.map((r) => r.issued))),
        limit: runs[0]!.limit,
        oversold: Math.max(...runs.map((r) => r.oversold)),
        consistent: consistency.length ? consistency.every(Boolean) : null,
        firstArrivalsWon: fair.length ? Math.min(...fair) : null,
        errors,
      });
    }
    const base = rows.find((r) => r.strategy === "for-update")?.opsPerSecond;
    const limit = rows.find((r) => r.strategy === "pg-limit")?.opsPerSecond;
    for (const row of rows) {
      row.vsForUpdate = base ? +(row.opsPerSecond / base).toFixed(2) : null;
      row.vsLimit = limit ? +(row.opsPerSecond / limit).toFixed(2) : null;
    }
    out.push(...rows);
  }
  return out;
}

const ratio = (value: number | null) => (value === null ? "" : `${value.toFixed(2)}x`);
const errorText = (errors: Record<string, number>) =>
  Object.entries(errors)
    .map(([kind, n]) => `${n} ${kind}`)
    .join("; ") || "0";

function cells(row: Summary): string[] {
  return [
    row.label,
    row.opsPerSecond.toLocaleString("en-US"),
    ratio(row.vsForUpdate),
    ratio(row.vsLimit),
    `${row.p50}/${row.p95}/${row.p99}`,
    `${row.won}/${row.refused}${row.lost ? `/${row.lost} lost` : ""}`,
    `${row.issued}/${row.limit}`,
    String(row.oversold),
    row.consistent === null ? "-" : row.consistent ? "yes" : "NO",
    row.firstArrivalsWon === null ? "-" : `${row.firstArrivalsWon}/${row.limit}`,
    errorText(row.errors),
  ];
}

const HEADERS = [
  "strategy",
  "ops/s",
  "vs FOR UPDATE",
  "vs limit",
  "p50/p95/p99 ms",
  "won/refused",
  "issued/limit",
  "oversold",
  "counters = ledger",
  "first N won",
  "errors",
];

export function textTable(summaries: Summary[]): string {
  const lines: string[] = [];
  for (const title of [...new Set(summaries.map((s) => s.title))]) {
    const rows = summaries.filter((s) => s.title === title).map(cells);
    const widths = HEADERS.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const fmt = (r: string[]) => r.map((c, i) => (i === 0 || i >= 9 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
    lines.push("", title, fmt(HEADERS), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(fmt));
  }
  return lines.join("\n");
}

export function markdownTable(summaries: Summary[]): string {
  const lines: string[] = [];
  for (const title of [...new Set(summaries.map((s) => s.title))]) {
    lines.push("", `**${title}**`, "", `| ${HEADERS.join(" | ")} |`, `| ${HEADERS.map(() => "---").join(" | ")} |`);
    for (const row of summaries.filter((s) => s.title === title)) lines.push(`| ${cells(row).join(" | ")} |`);
  }
  return lines.join("\n");
}

const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Horizontal bars of ops/s, one panel per scenario; FOR UPDATE dashed, oversellers in red. */
export function svgChart(summaries: Summary[], caption: string[]): string {
  const width = 960;
  const labelWidth = 360;
  const barMax = width - labelWidth - 90;
  const rowHeight = 20;
  const parts: string[] = [];
  let y = 26 + caption.length * 18;
  for (const title of [...new Set(summaries.map((s) => s.title))]) {
    const rows = summaries.filter((s) => s.title === title);
    const max = Math.max(...rows.map((r) => r.opsPerSecond), 1);
    parts.push(`<text x="10" y="${y}" font-weight="bold">${escapeXml(title)}</text>`);
    y += 8;
    for (const row of rows) {
      const w = Math.max(1, Math.round((row.opsPerSecond / max) * barMax));
      const color =
        row.oversold > 0 ? "#c0392b" : row.strategy === "project" ? "#1e8449" : row.strategy === "pg-limit" ? "#7f8c8d" : "#2e86c1";
      parts.push(
        `<text x="${labelWidth - 8}" y="${y + 14}" text-anchor="end">${escapeXml(row.label)}</text>`,
        `<rect x="${labelWidth}" y="${y + 3}" width="${w}" height="${rowHeight - 6}" fill="${color}"/>`,
        `<text x="${labelWidth + w + 6}" y="${y + 14}">${row.opsPerSecond.toLocaleString("en-US")}/s${row.oversold ? ` (oversold ${row.oversold})` : ""}</text>`,
      );
      y += rowHeight;
    }
    y += 24;
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y + 10}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    ...caption.map(
      (line, i) =>
        `<text x="10" y="${20 + i * 18}" font-size="${i ? 12 : 14}" font-weight="${i ? "normal" : "bold"}">${escapeXml(line)}</text>`,
    ),
    ...parts,
    "</svg>",
  ].join("\n");
}
