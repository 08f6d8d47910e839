/**
 * What the status page and the review page both show of a request: the part's facts, and on each
 * event who acted, in which role, and when.
 */
import type { ReactNode } from 'react';
import { roleWords } from '../../domain/labels.js';
import type { EventView, RequestView } from '../../domain/contracts/request-view.js';

/** "sample 5, total 200 (still moving)", or "not given". */
export function quantityWords(quantities: RequestView['quantities']): string {
  const amounts = [
    quantities.sample !== undefined ? `sample ${quantities.sample}` : '',
    quantities.openingLot !== undefined ? `opening lot ${quantities.openingLot}` : '',
    quantities.total !== undefined ? `total ${quantities.total}` : '',
  ].filter(Boolean);
  return `${amounts.join(', ') || 'not given'}${quantities.provisional ? ' (still moving)' : ''}`;
}

export type PartFactsProps = {
  view: RequestView;
  /** The quantities as this page words them (see `quantityWords`). */
  quantities: string;
  /** Further facts, shown after the material. */
  children?: ReactNode;
};

export function PartFacts({ view, quantities, children }: PartFactsProps) {
  const { part } = view;
  return (
    <dl className="facts">
      <div>
        <dt>Problem it solves</dt>
        <dd>{part.problem}</dd>
      </div>
      <div>
        <dt>Approximate size</dt>
        <dd>
          {part.size.lengthMm} × {part.size.widthMm} × {part.size.heightMm} mm
        </dd>
      </div>
      <div>
        <dt>Material</dt>
        <dd>{part.material === 'help_me_choose' ? 'The shop recommends one' : part.material}</dd>
      </div>
      {children}
      <div>
        <dt>Quantities</dt>
        <dd>{quantities}</dd>
      </div>
      <div>
        <dt>Needed by</dt>
        <dd>{view.neededBy}</dd>
      </div>
    </dl>
  );
}

/** "Tina Tech, Technical contact · 3 Mar 2026, 14:05" under an event. */
export function EventMeta({ event }: { event: Pick<EventView, 'actorName' | 'role' | 'at'> }) {
  return (
    <p className="meta">
      {event.actorName ? `${event.actorName}, ` : ''}
      {roleWords(event.role)} · <time dateTime={event.at}>{formatDateTime(event.at)}</time>
    </p>
  );
}

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
