/**
 * The status page's released lots (architecture §2, "Production and delivery"): per lot the pieces
 * released, shipped, delivered and still to ship, and each shipment with its carrier, its tracking
 * reference (a link to the carrier's page when the shop gave one), its pieces and its dates.
 */
import type { LotView, ProductionView } from '../../domain/contracts/production.js';
import { formatDate } from '../lib/format.js';

export function ProductionFacts({ production }: { production: ProductionView }) {
  if (production.lots.length === 0) return null;
  return (
    <section aria-labelledby="lots-title" className="status-lots">
      <h2 id="lots-title">Lots and shipments</h2>
      {production.lots.map((lot) => (
        <LotFacts key={lot.revisionId} lot={lot} />
      ))}
    </section>
  );
}

function LotFacts({ lot }: { lot: LotView }) {
  const titleId = `lot-${lot.revisionId}`;
  return (
    <section aria-labelledby={titleId} className="status-lot">
      <h3 id={titleId}>
        {lot.scopeLabel} of {lot.released} pcs
      </h3>
      <dl className="facts lot-figures">
        <div>
          <dt>Released</dt>
          <dd>{lot.released}</dd>
        </div>
        <div>
          <dt>Shipped</dt>
          <dd>{lot.shipped}</dd>
        </div>
        <div>
          <dt>Delivered</dt>
          <dd>{lot.delivered}</dd>
        </div>
        <div>
          <dt>Still to ship</dt>
          <dd>{lot.remaining}</dd>
        </div>
      </dl>
      <p>
        {lot.started
          ? `Production started${lot.startedAt ? ` on ${formatDate(lot.startedAt)}` : ''}.`
          : 'Production has not started yet.'}
        {lot.note ? ` Note from the shop: ${lot.note}` : ''}
      </p>
      {lot.shipments.length > 0 && (
        <ul className="shipment-list">
          {lot.shipments.map((s) => (
            <li key={s.shipmentId}>
              <strong>{s.quantity} pcs</strong> by {s.carrier}, tracking{' '}
              {s.trackingUrl ? (
                <a href={s.trackingUrl} rel="noopener noreferrer">
                  {s.trackingReference}
                  <span className="visually-hidden"> (the carrier’s tracking page)</span>
                </a>
              ) : (
                s.trackingReference
              )}
              {s.shippedAt ? ` · shipped ${formatDate(s.shippedAt)}` : ''}
              {s.deliveredOn ? ` · delivered ${formatDate(s.deliveredOn)}` : ' · on its way'}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
