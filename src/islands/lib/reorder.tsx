/**
 * "Order again" on the status page and the shop's request page (architecture §11, "Reorders"): one
 * confirmation step on the page itself. Part, files, contacts, material and mode carry over as they
 * stand on the page; the buyer changes only the quantities and the needed-by date and sends it.
 * Also the line naming the earlier order on a reorder ("Reorder of PF-…") and why it is reviewed again.
 */
import { useId, useState, type SubmitEvent } from 'react';
import type { ReorderOfView, ReorderResult } from '../../domain/contracts/intake.js';
import type { RequestView } from '../../domain/contracts/request-view.js';
import { addDays, QUANTITY_NEED, type QuantityField } from '../../domain/request-schema.js';
import { ApiError, apiFetch } from './api.js';
import { Field, fieldDescription } from './fields.js';

const QUANTITY_LABEL: Record<QuantityField, string> = {
  sample: 'Samples',
  openingLot: 'Opening lot',
  total: 'Total quantity',
};
const QUANTITY_FIELDS: readonly QuantityField[] = ['sample', 'openingLot', 'total'];

/** "Reorder of PF-2026-0007." and, when the sign-off did not carry over, why. */
export function ReorderOf({ reorderOf }: { reorderOf: ReorderOfView | undefined }) {
  if (!reorderOf) return null;
  return (
    <p className="reorder-of">
      <strong>{reorderOf.sentence}</strong>
      {reorderOf.reviewReason ? ` ${reorderOf.reviewReason}` : ''}
    </p>
  );
}

export type OrderAgainProps = {
  view: Pick<RequestView, 'id' | 'reference' | 'mode' | 'quantities' | 'neededBy' | 'files' | 'part'>;
  /** Where to send it: `/api/requests/:id/reorder` with the link, or the shop's twin with the session. */
  path: string;
  token?: string | undefined;
};

type Sent =
  { state: 'idle' | 'sending' } | { state: 'done'; result: ReorderResult } | { state: 'failed'; error: ApiError };

export function OrderAgain({ view, path, token }: OrderAgainProps) {
  const id = useId();
  const [today] = useState(() => localToday(new Date()));
  const [open, setOpen] = useState(false);
  const [clientDraftId] = useState(() => crypto.randomUUID());
  const fields = QUANTITY_FIELDS.filter((field) => QUANTITY_NEED[view.mode][field] !== 'optional');
  const [quantities, setQuantities] = useState<Record<QuantityField, string>>(() => ({
    sample: view.quantities.sample?.toString() ?? '',
    openingLot: view.quantities.openingLot?.toString() ?? '',
    total: view.quantities.total?.toString() ?? '',
  }));
  const [neededBy, setNeededBy] = useState(() => (view.neededBy > today ? view.neededBy : addDays(today, 30)));
  const [sent, setSent] = useState<Sent>({ state: 'idle' });

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    setSent({ state: 'sending' });
    const numbers = Object.fromEntries(
      fields.filter((field) => quantities[field].trim() !== '').map((field) => [field, Number(quantities[field])]),
    );
    try {
      const { data } = await apiFetch<ReorderResult>({
        path,
        method: 'POST',
        token,
        body: { clientDraftId, quantities: { ...numbers, provisional: view.quantities.provisional }, neededBy },
      });
      setSent({ state: 'done', result: data });
    } catch (error) {
      setSent({
        state: 'failed',
        error: error instanceof ApiError ? error : new ApiError(0, 'NETWORK', String(error)),
      });
    }
  }

  if (sent.state === 'done') {
    const { result } = sent;
    return (
      <section aria-labelledby={`${id}-title`} className="order-again">
        <h2 id={`${id}-title`}>Order again</h2>
        <p role="status" className="order-again-done">
          <strong>Reorder {result.reference} sent.</strong>{' '}
          {result.signOffCarried
            ? 'Same files and material: the technical approval carries over.'
            : (result.reviewReason ?? 'The technical contact reviews it.')}{' '}
          Both contacts get their own links by email; the shop sends a new quote for purchasing to release.
        </p>
        {result.statusUrl ? (
          <p>
            <a href={result.statusUrl}>Open the status of {result.reference}</a>
          </p>
        ) : (
          <p>
            <a href={`/shop/request/?id=${result.id}`}>Open {result.reference}</a>
          </p>
        )}
      </section>
    );
  }

  const errors = sent.state === 'failed' ? sent.error.fields : {};
  const quantityError = Object.entries(errors).find(([key]) => key.startsWith('quantities'))?.[1];
  return (
    <section aria-labelledby={`${id}-title`} className="order-again">
      <h2 id={`${id}-title`}>Order again</h2>
      {!open ? (
        <>
          <p>
            Repeat this order: the same part, {view.files.length === 1 ? 'file' : `${view.files.length} files`},
            material ({view.part.material}) and contacts. You only set the quantity and the date.
          </p>
          <button type="button" className="button" onClick={() => setOpen(true)}>
            Order again
          </button>
        </>
      ) : (
        <form onSubmit={(event) => void submit(event)} noValidate>
          <p className="meta">
            A new request naming {view.reference}. If the files and material are unchanged, the technical approval
            carries over; purchasing releases a new quote.
          </p>
          {quantityError && (
            <p className="field-error" id={`${id}-quantities-error`}>
              {quantityError}
            </p>
          )}
          {fields.map((field) => (
            <Field key={field} id={`${id}-${field}`} label={QUANTITY_LABEL[field]}>
              <input
                id={`${id}-${field}`}
                type="number"
                inputMode="numeric"
                min={1}
                value={quantities[field]}
                aria-describedby={quantityError ? `${id}-quantities-error` : undefined}
                onChange={(event) => setQuantities({ ...quantities, [field]: event.target.value })}
              />
            </Field>
          ))}
          <Field id={`${id}-needed-by`} label="Needed by" error={errors.neededBy}>
            <input
              id={`${id}-needed-by`}
              type="date"
              min={today}
              value={neededBy}
              aria-describedby={fieldDescription(`${id}-needed-by`, { hint: undefined, error: errors.neededBy })}
              onChange={(event) => setNeededBy(event.target.value)}
            />
          </Field>
          {sent.state === 'failed' && Object.keys(errors).length === 0 && (
            <p className="field-error" role="alert">
              {sent.error.message}
            </p>
          )}
          <div className="button-row">
            <button type="submit" className="button" disabled={sent.state === 'sending'}>
              {sent.state === 'sending' ? 'Sending…' : 'Send the reorder'}
            </button>
            <button type="button" className="button-link" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

/** The browser's own date, `YYYY-MM-DD`: the needed-by field starts there. */
function localToday(now: Date): string {
  const month = String(now.getMonth() + 1).padStart(2, '0');
  const day = String(now.getDate()).padStart(2, '0');
  return `${now.getFullYear()}-${month}-${day}`;
}
