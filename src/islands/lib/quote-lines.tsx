/**
 * A quote revision's lines with their total, as the purchasing approver and the shop both read them
 * (the release page and the shop's revision cards).
 */
import { formatMoney } from '../../domain/money.js';

export interface QuoteLinesTableProps {
  lines: readonly { description: string; quantity: number; unitAmountMinor: number; totalMinor: number }[];
  currency: string;
  amountTotalMinor: number;
  /** Read by screen readers only. */
  caption: string;
  className?: string | undefined;
}

export function QuoteLinesTable({ lines, currency, amountTotalMinor, caption, className }: QuoteLinesTableProps) {
  return (
    <table className={className}>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Line</th>
          <th scope="col">Quantity</th>
          <th scope="col">Unit price</th>
          <th scope="col">Total</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((line, index) => (
          <tr key={index}>
            <td>{line.description}</td>
            <td>{line.quantity}</td>
            <td>{formatMoney(line.unitAmountMinor, currency)}</td>
            <td>{formatMoney(line.totalMinor, currency)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={3}>
            Total
          </th>
          <td>
            <strong>{formatMoney(amountTotalMinor, currency)}</strong>
          </td>
        </tr>
      </tfoot>
    </table>
  );
}

/** What a request still needs before production, under its own heading; nothing when complete. */
export function StillMissing({ items }: { items: readonly string[] }) {
  if (items.length === 0) return null;
  return (
    <>
      <h3>Still missing</h3>
      <ul>
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </>
  );
}
