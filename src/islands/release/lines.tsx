/**
 * The revision's lines on the release page. On a phone the unit price leaves its column and shows
 * under the quantity ("× €1.55 each"), and the total row spans the same columns as the lines, so the
 * total stays in the Total column at every width (release.css).
 */
import { formatMoney } from '../../domain/money.js';
import type { QuoteRevisionView } from '../../domain/contracts/quote-view.js';

export function ReleaseLines({ view }: { view: Pick<QuoteRevisionView, 'lines' | 'currency' | 'amountTotalMinor'> }) {
  const money = (minor: number) => formatMoney(minor, view.currency);
  return (
    <table className="release-lines">
      <caption className="visually-hidden">Quote lines</caption>
      <thead>
        <tr>
          <th scope="col">Line</th>
          <th scope="col" className="release-number">
            Quantity
          </th>
          <th scope="col" className="release-number release-unit">
            Unit price
          </th>
          <th scope="col" className="release-number">
            Total
          </th>
        </tr>
      </thead>
      <tbody>
        {view.lines.map((line, index) => (
          <tr key={index}>
            <td className="release-description">{line.description}</td>
            <td className="release-number">
              {line.quantity}
              <span className="release-unit-inline"> × {money(line.unitAmountMinor)} each</span>
            </td>
            <td className="release-number release-unit">{money(line.unitAmountMinor)}</td>
            <td className="release-number">{money(line.totalMinor)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={2}>
            Total
          </th>
          <td className="release-unit" />
          <td className="release-number">
            <strong>{money(view.amountTotalMinor)}</strong>
          </td>
        </tr>
      </tfoot>
    </table>
  );
}
