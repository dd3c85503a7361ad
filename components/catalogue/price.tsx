import { formatMoney } from "@/lib/format";

/** A price, optionally as "from €X" when shops ask different prices. */
export function Price({ cents, currency, from = false }: { cents: number; currency: string; from?: boolean }) {
  return (
    <span className="price">
      {from ? <small>from </small> : null}
      {formatMoney(cents, currency)}
    </span>
  );
}
