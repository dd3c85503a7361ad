import type { LedgerEntry } from "@/lib/listings/queries";
import styles from "./dashboard.module.css";

const KIND_LABELS: Record<LedgerEntry["kind"], string> = {
  RECEIVE: "Received",
  ADJUST: "Adjusted",
  HOLD: "Held in a cart",
  RELEASE: "Released",
  EXPIRE: "Hold expired",
  SALE: "Sold",
  CANCEL: "Order cancelled",
};

function Delta({ value }: { value: number }) {
  if (value === 0) return <span className="muted">–</span>;
  return <span className={`${styles.delta} ${value > 0 ? styles.up : styles.down}`}>{value > 0 ? `+${value}` : `−${-value}`}</span>;
}

const timeLabel = (iso: string) =>
  new Date(iso).toLocaleString("en-IE", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** The stock ledger, newest first: every movement with the levels right after it. */
export function LedgerTable({ entries, total }: { entries: LedgerEntry[]; total: number }) {
  if (entries.length === 0) return <p className="muted">No movements yet.</p>;
  return (
    <div className="table-wrap">
      <table className="table">
        <caption>
          Stock ledger{total > entries.length ? ` (latest ${entries.length} of ${total})` : ""}
        </caption>
        <thead>
          <tr>
            <th scope="col">When (UTC)</th>
            <th scope="col">Movement</th>
            <th scope="col" className="numeric">On hand</th>
            <th scope="col" className="numeric">Reserved</th>
            <th scope="col" className="numeric">On hand after</th>
            <th scope="col" className="numeric">Reserved after</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td>
                <time dateTime={entry.at}>{timeLabel(entry.at)}</time>
              </td>
              <td>{KIND_LABELS[entry.kind]}</td>
              <td className="numeric">
                <Delta value={entry.onHandDelta} />
              </td>
              <td className="numeric">
                <Delta value={entry.reservedDelta} />
              </td>
              <td className="numeric">{entry.onHandAfter}</td>
              <td className="numeric">{entry.reservedAfter}</td>
              <td>{entry.reason ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
