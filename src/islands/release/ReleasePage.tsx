/**
 * The purchasing release page (/release/?id=<revision>#token=…): the quote revision, the technical
 * track in plain words, the PDF, and three explicit actions: release (PO number, budget code, name,
 * job title, "I am authorised"), hold, decline. Only the POST from this page decides anything.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import { useForm, type Resolver } from 'react-hook-form';
import {
  acceptSchema,
  DECLINE_REASON_LABEL,
  DECLINE_REASONS,
  declineSchema,
  HOLD_REASON_LABEL,
  HOLD_REASONS,
  holdSchema,
  type AcceptInput,
} from '../../domain/release-schema.js';
import type { QuoteRevisionView, ReleaseResult } from '../../domain/contracts/index.js';
import { fieldErrors } from '../../domain/request-schema.js';
import { ApiError, apiFetch } from '../lib/api.js';
import { Field, fieldDescription } from '../lib/fields.js';
import { PageProblem, useLinkedView } from '../lib/linked-page.js';
import { QuoteLinesTable } from '../lib/quote-lines.js';
import { decidable, money, technicalWords, validUntil } from './logic.js';

export default function ReleasePage() {
  const { load, reload } = useLinkedView<QuoteRevisionView>({ page: 'release', endpoint: '/api/quotes/' });
  const [decision, setDecision] = useState<ReleaseResult | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const done = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (load.state === 'failed' || load.state === 'no-link') heading.current?.focus();
  }, [load.state]);
  useEffect(() => {
    if (decision) done.current?.focus();
  }, [decision]);

  const onDecided = (result: ReleaseResult) => {
    setDecision(result);
    reload();
  };

  if (load.state === 'loading') return <p aria-live="polite">Loading the quote…</p>;
  if (load.state === 'no-link' || load.state === 'failed') {
    const error = load.state === 'failed' ? load.error : undefined;
    const title = !error
      ? 'This page needs your link'
      : error.status === 409
        ? 'This quote can no longer be released'
        : error.status === 401
          ? 'This link does not work any more'
          : error.status === 403
            ? 'This link cannot release orders'
            : 'The quote could not be loaded';
    return (
      <PageProblem className="release-page" heading={heading} title={title}>
        <p>{error ? error.message : 'Open the release link from the quote email the shop sent you.'}</p>
      </PageProblem>
    );
  }

  const { view, token } = load;
  const closed = decidable(view, new Date());
  const technical = technicalWords(view.technical.state);
  return (
    <div className="release-page">
      <h1 tabIndex={-1} ref={heading}>
        Release the order: {view.partName}
      </h1>
      <p className="reference">
        {view.reference} · quote {view.terms.quoteNumber ?? `revision ${view.revision}`} · revision {view.revision}
      </p>

      {decision && (
        <div className="release-done" role="status" tabIndex={-1} ref={done}>
          <h2>
            {decision.status === 'invoiced'
              ? 'Released'
              : decision.status === 'processing'
                ? 'Release recorded'
                : 'Recorded'}
          </h2>
          <p>{decision.message}</p>
          {decision.invoice?.number && (
            <p>
              Invoice <strong>{decision.invoice.number}</strong>
              {decision.invoice.url && (
                <>
                  {' '}
                  · <a href={decision.invoice.url}>view and pay the invoice</a>
                </>
              )}
            </p>
          )}
          <p className="handoff">{decision.handoffNote}</p>
        </div>
      )}

      <section aria-labelledby="quote-title">
        <h2 id="quote-title">What you release</h2>
        <p>
          The <strong>{view.scopeLabel}</strong> of <strong>{view.quantity} pcs</strong>
          {view.lots.planned !== undefined && (
            <>
              {' '}
              of a planned {view.lots.planned} pcs (provisional; {view.lots.remaining ?? 0} pcs remain for later lots,
              each released separately)
            </>
          )}
          .
        </p>
        <QuoteLinesTable
          className="release-lines"
          caption="Quote lines"
          lines={view.lines}
          currency={view.currency}
          amountTotalMinor={view.amountTotalMinor}
        />
        <dl className="release-terms">
          <dt>Lead time</dt>
          <dd>{view.terms.leadTimeDays} working days after your release</dd>
          <dt>Shipping</dt>
          <dd>{view.terms.shippingTerms}</dd>
          <dt>Payment</dt>
          <dd>Net {view.terms.paymentTermsDays} days from the invoice</dd>
          <dt>Valid until</dt>
          <dd>{validUntil(view.expiresAt)}</dd>
          {view.terms.note && (
            <>
              <dt>Note from the shop</dt>
              <dd>{view.terms.note}</dd>
            </>
          )}
        </dl>
        <PdfLink view={view} token={token} />
      </section>

      <section aria-labelledby="technical-title" className={`release-technical release-${technical.tone}`}>
        <h2 id="technical-title">Technical track</h2>
        <p>{technical.text}</p>
        <p className="hint">Where things stand: {view.handoffNote}</p>
      </section>

      {closed ? (
        <section aria-labelledby="closed-title">
          <h2 id="closed-title">Decision</h2>
          <p>{closed}</p>
          {view.invoice?.number && (
            <p>
              Invoice <strong>{view.invoice.number}</strong>
              {view.invoice.url && (
                <>
                  {' '}
                  · <a href={view.invoice.url}>view and pay the invoice</a>
                </>
              )}
            </p>
          )}
        </section>
      ) : (
        <>
          <AcceptForm view={view} token={token} onDone={onDecided} />
          <ReasonForm kind="hold" view={view} token={token} onDone={onDecided} />
          <ReasonForm kind="decline" view={view} token={token} onDone={onDecided} />
        </>
      )}
    </div>
  );
}

function PdfLink({ view, token }: { view: QuoteRevisionView; token: string }) {
  const [problem, setProblem] = useState<string | null>(null);
  const download = async () => {
    setProblem(null);
    try {
      const response = await fetch(view.pdfUrl, { headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' });
      if (!response.ok) throw new Error(String(response.status));
      const url = URL.createObjectURL(await response.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = `${view.reference}-quote-${view.revision}.pdf`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch {
      setProblem('The PDF could not be downloaded. Try again in a moment.');
    }
  };
  return (
    <p>
      <button type="button" className="button button-secondary" onClick={() => void download()}>
        Download the quote PDF
      </button>
      {problem && <span role="alert"> {problem}</span>}
    </p>
  );
}

type AcceptValues = { poNumber: string; budgetCode: string; name: string; jobTitle: string; authorised: boolean };

function AcceptForm({
  view,
  token,
  onDone,
}: {
  view: QuoteRevisionView;
  token: string;
  onDone: (d: ReleaseResult) => void;
}) {
  const poRequired = view.terms.poOptional !== true;
  const form = useForm<AcceptValues>({
    defaultValues: { poNumber: '', budgetCode: '', name: '', jobTitle: '', authorised: false },
    resolver: zodResolver(acceptSchema({ poRequired })) as unknown as Resolver<AcceptValues>,
  });
  const [serverError, setServerError] = useState<string | null>(null);
  const errors = form.formState.errors;
  const submit = form.handleSubmit(async (values) => {
    setServerError(null);
    try {
      const body: AcceptInput = { ...values, authorised: true };
      const { data } = await apiFetch<ReleaseResult>({
        path: `/api/quotes/${view.id}/accept`,
        method: 'POST',
        token,
        body,
      });
      onDone(data);
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError(0, 'UNKNOWN', String(error));
      for (const [path, message] of Object.entries(apiError.fields)) {
        form.setError(path as keyof AcceptValues, { message });
      }
      setServerError(apiError.message);
    }
  });
  const field = (name: keyof Omit<AcceptValues, 'authorised'>, label: string, hint: string, required: boolean) => {
    const id = `accept-${name}`;
    const error = errors[name]?.message;
    return (
      <Field id={id} label={label} hint={hint} optional={!required} error={error}>
        <input
          id={id}
          type="text"
          aria-invalid={error ? true : undefined}
          aria-describedby={fieldDescription(id, { hint, error })}
          {...form.register(name)}
        />
      </Field>
    );
  };
  return (
    <section aria-labelledby="accept-title" className="release-action">
      <h2 id="accept-title">Release this order</h2>
      <p>
        Releasing places the order for {money(view.amountTotalMinor, view.currency)} and the shop sends you one Stripe
        invoice with your PO number on it.
      </p>
      <form noValidate onSubmit={(event) => void submit(event)}>
        {field(
          'poNumber',
          'Purchase order (PO) number',
          'As it should appear on the invoice, e.g. PO-4411.',
          poRequired,
        )}
        {field('budgetCode', 'Budget or project code', 'Shown on the invoice when given.', false)}
        {field('name', 'Your name', 'Recorded with the release.', true)}
        {field('jobTitle', 'Your job title', 'e.g. Purchasing manager.', true)}
        <div className={`field${errors.authorised ? ' field-invalid' : ''}`}>
          {errors.authorised?.message && (
            <p id="accept-authorised-error" className="field-error">
              <span className="visually-hidden">Error: </span>
              {errors.authorised.message}
            </p>
          )}
          <div className="choice">
            <input
              id="accept-authorised"
              type="checkbox"
              aria-invalid={errors.authorised ? true : undefined}
              aria-describedby={errors.authorised ? 'accept-authorised-error' : undefined}
              {...form.register('authorised')}
            />
            <label htmlFor="accept-authorised" className="choice-label">
              I am authorised to release this order
            </label>
          </div>
        </div>
        {serverError && (
          <p role="alert" className="field-error">
            {serverError}
          </p>
        )}
        <button type="submit" className="button" disabled={form.formState.isSubmitting}>
          {form.formState.isSubmitting ? 'Releasing…' : 'Release the order'}
        </button>
      </form>
    </section>
  );
}

function ReasonForm({
  kind,
  view,
  token,
  onDone,
}: {
  kind: 'hold' | 'decline';
  view: QuoteRevisionView;
  token: string;
  onDone: (d: ReleaseResult) => void;
}) {
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const reasons = kind === 'hold' ? HOLD_REASONS : DECLINE_REASONS;
  const labels: Record<string, string> = kind === 'hold' ? HOLD_REASON_LABEL : DECLINE_REASON_LABEL;
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const parsed = (kind === 'hold' ? holdSchema : declineSchema).safeParse({ reason: reason || undefined, note });
    if (!parsed.success) return setErrors(fieldErrors(parsed.error));
    setErrors({});
    setBusy(true);
    try {
      const { data } = await apiFetch<ReleaseResult>({
        path: `/api/quotes/${view.id}/${kind}`,
        method: 'POST',
        token,
        body: parsed.data,
      });
      onDone(data);
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError(0, 'UNKNOWN', String(error));
      setErrors({ ...apiError.fields, form: apiError.message });
    } finally {
      setBusy(false);
    }
  };
  const id = `${kind}-form`;
  return (
    <section aria-labelledby={`${id}-title`} className="release-action">
      <h2 id={`${id}-title`}>{kind === 'hold' ? 'Put on hold' : 'Decline or ask for changes'}</h2>
      <form noValidate onSubmit={(event) => void submit(event)}>
        <div className={`field${errors.reason ? ' field-invalid' : ''}`}>
          <label htmlFor={`${id}-reason`}>Reason</label>
          {errors.reason && (
            <p id={`${id}-reason-error`} className="field-error">
              {errors.reason}
            </p>
          )}
          <select
            id={`${id}-reason`}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            aria-invalid={errors.reason ? true : undefined}
            aria-describedby={errors.reason ? `${id}-reason-error` : undefined}
          >
            <option value="">Choose a reason</option>
            {reasons.map((value) => (
              <option key={value} value={value}>
                {labels[value]}
              </option>
            ))}
          </select>
        </div>
        <div className={`field${errors.note ? ' field-invalid' : ''}`}>
          <label htmlFor={`${id}-note`}>
            Note for the shop<span className="optional"> (optional unless the reason needs it)</span>
          </label>
          {errors.note && (
            <p id={`${id}-note-error`} className="field-error">
              {errors.note}
            </p>
          )}
          <textarea
            id={`${id}-note`}
            rows={3}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            aria-invalid={errors.note ? true : undefined}
            aria-describedby={errors.note ? `${id}-note-error` : undefined}
          />
        </div>
        {errors.form && (
          <p role="alert" className="field-error">
            {errors.form}
          </p>
        )}
        <button type="submit" className="button button-secondary" disabled={busy}>
          {kind === 'hold' ? 'Put the quote on hold' : 'Decline the quote'}
        </button>
      </form>
    </section>
  );
}
