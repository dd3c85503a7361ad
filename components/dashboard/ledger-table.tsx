import { LocalClock } from "@/components/cart/hold-countdown";
import styles from "@/components/dashboard/dashboard.module.css";
import type { LedgerEntry } from "@/lib/listings/queries";

const KIND_LABELS: Record<LedgerEntry["kind"], string> = {
  RECEIVE: "Received",
  ADJUST: "Adjusted",
  HOLD: "Held in a cart",
  RELEASE: "Released",
  EXPIRE: "Hold expired",
  SALE: "Sold",
  CANCEL: "Order cancelled",
  RETURN: "Returned (refund)",
};

function Delta({ value }: { value: number }) {
  if (value === 0) return <span className="muted">–</span>;
  return <span className={`${styles.delta} ${value > 0 ? styles.up : styles.down}`}>{value > 0 ? `+${value}` : `−${-value}`}</span>;
}

/**
 * The stock ledger, newest first: every movement with the levels right after it. "Held" is the
 * reserved counter (units in holds), the same figure the chart draws.
 */
export function LedgerTable({ entries, total }: { entries: LedgerEntry[]; total: number }) {
  if (entries.length === 0) return <p className="muted">No movements yet.</p>;
  return (
    <div className="table-wrap">
      <table className={`table table--stack ${styles.captioned} ${styles.cardGrid}`}>
        <caption>Stock ledger{total > entries.length ? ` (latest ${entries.length} of ${total})` : ""}</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Movement</th>
            <th scope="col" className="numeric">
              On hand ±
            </th>
            <th scope="col" className="numeric">
              Held ±
            </th>
            <th scope="col" className="numeric">
              On hand after
            </th>
            <th scope="col" className="numeric">
              Held after
            </th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td data-label="When" className={styles.wide}>
                <LocalClock iso={entry.at} withDay />
              </td>
              <td data-label="Movement" className={styles.wide}>
                {KIND_LABELS[entry.kind]}
              </td>
              <td data-label="On hand ±" className="numeric">
                <Delta value={entry.onHandDelta} />
              </td>
              <td data-label="Held ±" className="numeric">
                <Delta value={entry.reservedDelta} />
              </td>
              <td data-label="On hand after" className="numeric">
                {entry.onHandAfter}
              </td>
              <td data-label="Held after" className="numeric">
                {entry.reservedAfter}
              </td>
              <td data-label="Reason" className={styles.wide}>
                {entry.reason ?? ""}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
