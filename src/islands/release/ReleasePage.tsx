/**
 * The purchasing release page (/release/?id=<revision>#token=…): the quote revision, the technical
 * track in plain words, the PDF, and one focused action: release (PO number, budget code, name, job
 * title, "I am authorised"), prefilled from the request; hold and decline are one click away. On hold
 * it says why and what can be done; once released it is a receipt. Only a POST from here decides.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useRef, useState, type RefObject, type SubmitEvent } from 'react';
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
import type { HoldView, QuoteReleaseView, QuoteRevisionView } from '../../domain/contracts/quote-view.js';
import type { ReleaseResult } from '../../domain/contracts/release-result.js';
import { fieldErrors } from '../../domain/request-schema.js';
import { ApiError, apiFetch } from '../lib/api.js';
import { Field, fieldDescription } from '../lib/fields.js';
import { PageProblem, useLinkedView } from '../lib/linked-page.js';
import { ReleaseLines } from './lines.js';
import {
  acceptDefaults,
  decidable,
  decidedAt,
  laterLotsWords,
  money,
  poHint,
  releaseHeading,
  technicalWords,
  validUntil,
} from './logic.js';
import { QuotePdfButton } from '../lib/QuotePdfButton.js';
import { SignOffFacts } from '../lib/sign-off.js';
import { PoDocumentField, VendorPacket } from './documents.js';
import { ApprovalsPanel, SecondApproverForm, viewerReleased, WaitingForOther } from './approvals.js';

export default function ReleasePage() {
  const { load, reload } = useLinkedView<QuoteReleaseView>({ page: 'release', endpoint: '/api/quotes/' });
  const [decision, setDecision] = useState<ReleaseResult | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const done = useRef<HTMLElement>(null);

  useEffect(() => {
    if (load.state === 'failed' || load.state === 'no-link') heading.current?.focus();
  }, [load.state]);
  // After a decision the page shows its outcome (receipt, hold banner, closed notice): focus it
  // once the reloaded view has it.
  const decidedStatus = load.state === 'ready' ? load.view.status : undefined;
  useEffect(() => {
    if (decision) done.current?.focus();
  }, [decision, decidedStatus]);

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
  const lotWords = laterLotsWords(view.lots);
  const outcomeRef = decision ? done : undefined;
  return (
    <div className="release-page">
      <h1 tabIndex={-1} ref={heading}>
        {releaseHeading(view)}
      </h1>
      <p className="reference">
        {view.reference} · quote {view.terms.quoteNumber ?? `revision ${view.revision}`} · revision {view.revision}
      </p>

      {view.release ? (
        <Receipt view={view} token={token} decision={decision} outcomeRef={outcomeRef} />
      ) : view.hold && !closed ? (
        <HoldBanner view={view} hold={view.hold} outcomeRef={outcomeRef} />
      ) : null}

      <section aria-labelledby="quote-title" className="release-quote">
        <h2 id="quote-title">{view.release ? 'What you released' : 'What you release'}</h2>
        <p className="release-total">
          <span className="release-total-amount">{money(view.amountTotalMinor, view.currency)}</span>{' '}
          <span className="release-total-for">
            for the <strong>{view.scopeLabel}</strong> of <strong>{view.quantity} pcs</strong>
            {lotWords && <> {lotWords}</>}.
          </span>
        </p>
        <ReleaseLines view={view} />
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
        <QuotePdfButton url={view.pdfUrl} token={token} fileName={`${view.reference}-quote-${view.revision}.pdf`} />
      </section>

      <section aria-labelledby="technical-title" className={`release-technical release-${technical.tone}`}>
        <h2 id="technical-title">Technical track</h2>
        <p>{technical.text}</p>
        <SignOffFacts signOff={view.signOff} />
        {!view.release && <p className="hint">Where things stand: {view.handoffNote}</p>}
      </section>

      <VendorPacket view={view} token={token} />

      <ApprovalsPanel view={view} />

      {view.release ? null : closed ? (
        <section
          aria-labelledby="closed-title"
          className="release-closed"
          tabIndex={-1}
          ref={outcomeRef}
          role={decision ? 'status' : undefined}
        >
          <h2 id="closed-title">Decision</h2>
          <p>{closed}</p>
          {decision && decision.status === 'declined' && <p>{decision.message}</p>}
        </section>
      ) : viewerReleased(view.approvals) ? (
        <WaitingForOther view={view} outcomeRef={outcomeRef} />
      ) : (
        <Decide view={view} token={token} onDone={onDecided} />
      )}
      {!view.release && !closed && view.approvals.canNameSecond && (
        <SecondApproverForm view={view} token={token} onSaved={reload} />
      )}
    </div>
  );
}

/** After the release: who released it, when, under which PO and budget code, and the invoice once. */
function Receipt({
  view,
  token,
  decision,
  outcomeRef,
}: {
  view: QuoteReleaseView;
  token: string;
  decision: ReleaseResult | null;
  outcomeRef: RefObject<HTMLElement | null> | undefined;
}) {
  const release = view.release;
  if (!release) return null;
  const invoice = view.invoice ?? (decision?.invoice ? { ...decision.invoice, status: null } : null);
  return (
    <section
      aria-labelledby="receipt-title"
      className="release-receipt"
      tabIndex={-1}
      ref={outcomeRef}
      role={outcomeRef ? 'status' : undefined}
    >
      <h2 id="receipt-title">Released</h2>
      <dl className="release-terms">
        <dt>Released by</dt>
        <dd>{[release.by, release.jobTitle].filter(Boolean).join(', ')}</dd>
        <dt>When</dt>
        <dd>{decidedAt(release.at)}</dd>
        <dt>Purchase order</dt>
        <dd>{release.poNumber ?? 'None given'}</dd>
        <dt>Budget code</dt>
        <dd>{release.budgetCode ?? 'None given'}</dd>
        <dt>Amount</dt>
        <dd>{money(view.amountTotalMinor, view.currency)}</dd>
        <dt>Invoice</dt>
        <dd>
          {invoice?.url ? (
            <>
              {invoice.number && <strong>{invoice.number} </strong>}
              <a href={invoice.url}>View and pay the invoice</a>
            </>
          ) : (
            'The shop’s billing is finishing the invoice; it arrives by email.'
          )}
        </dd>
      </dl>
      {decision && <p>{decision.message}</p>}
      <p className="handoff">{view.handoffNote}</p>
      <QuotePdfButton
        url={`/api/quotes/${view.id}/certificate`}
        token={token}
        fileName={`release-certificate-${view.reference}-rev${view.revision}.pdf`}
        label="Download the release certificate"
      />
    </section>
  );
}

/** While on hold: why, since when, and what the approver can do. */
function HoldBanner({
  view,
  hold,
  outcomeRef,
}: {
  view: QuoteReleaseView;
  hold: HoldView;
  outcomeRef: RefObject<HTMLElement | null> | undefined;
}) {
  return (
    <section
      aria-labelledby="hold-title"
      className="release-hold"
      tabIndex={-1}
      ref={outcomeRef}
      role={outcomeRef ? 'status' : undefined}
    >
      <h2 id="hold-title">This quote is on hold</h2>
      <p>
        <strong>Reason:</strong> {hold.reason}
      </p>
      <p className="hint">
        Put on hold{hold.by ? ` by ${hold.by}` : ''} on {decidedAt(hold.at)}. Nothing is ordered or invoiced.
      </p>
      <p>
        When you are ready, release the order below: the quote is valid until {validUntil(view.expiresAt)}. If it needs
        to change, decline it or ask the shop for changes.
      </p>
    </section>
  );
}

type Alternative = 'hold' | 'decline';

/** One focused action: release, prefilled; holding or declining is one click away. */
function Decide({
  view,
  token,
  onDone,
}: {
  view: QuoteReleaseView;
  token: string;
  onDone: (d: ReleaseResult) => void;
}) {
  const [open, setOpen] = useState<Alternative | null>(null);
  const alternatives: Alternative[] = view.status === 'on_hold' ? ['decline'] : ['hold', 'decline'];
  const words: Record<Alternative, string> = { hold: 'Put on hold', decline: 'Decline or ask for changes' };
  return (
    <>
      <AcceptForm view={view} token={token} onDone={onDone} />
      <section aria-labelledby="alternatives-title" className="release-alternatives">
        <h2 id="alternatives-title">Not ready to release?</h2>
        <div className="button-row">
          {alternatives.map((kind) => (
            <button
              key={kind}
              type="button"
              className="button button-secondary"
              aria-expanded={open === kind}
              aria-controls={`${kind}-panel`}
              onClick={() => setOpen(open === kind ? null : kind)}
            >
              {words[kind]}
            </button>
          ))}
        </div>
        {alternatives.map((kind) => (
          <div key={kind} id={`${kind}-panel`} hidden={open !== kind}>
            {open === kind && (
              <ReasonForm kind={kind} view={view} token={token} onDone={onDone} onCancel={() => setOpen(null)} />
            )}
          </div>
        ))}
      </section>
    </>
  );
}

type AcceptValues = {
  poNumber: string;
  budgetCode: string;
  name: string;
  jobTitle: string;
  authorised: boolean;
  poDocumentId?: string | undefined;
};

function AcceptForm({
  view,
  token,
  onDone,
}: {
  view: QuoteReleaseView;
  token: string;
  onDone: (d: ReleaseResult) => void;
}) {
  const poRequired = view.terms.poOptional !== true;
  const poDocumentRequired = view.terms.poDocumentRequired === true;
  const form = useForm<AcceptValues>({
    defaultValues: acceptDefaults(view.approver, view.approvals),
    resolver: zodResolver(acceptSchema({ poRequired, poDocumentRequired })) as unknown as Resolver<AcceptValues>,
  });
  const typedPo = form.watch('poNumber');
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
    <section aria-labelledby="accept-title" className="release-action release-primary">
      <h2 id="accept-title">Release this order</h2>
      <p>
        Releasing places the order for {money(view.amountTotalMinor, view.currency)} and the shop sends you one Stripe
        invoice with your PO number on it.
      </p>
      <form noValidate onSubmit={(event) => void submit(event)}>
        {field(
          'poNumber',
          'Purchase order (PO) number',
          poHint(view.approver, view.approvals.waitingPoNumber),
          poRequired,
        )}
        <PoDocumentField
          view={view}
          token={token}
          poNumber={typedPo}
          required={poDocumentRequired}
          error={errors.poDocumentId?.message}
          onAttached={(id) => form.setValue('poDocumentId', id, { shouldValidate: form.formState.isSubmitted })}
        />
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
        <button type="submit" className="button button--primary button--large" disabled={form.formState.isSubmitting}>
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
  onCancel,
}: {
  kind: 'hold' | 'decline';
  view: QuoteRevisionView;
  token: string;
  onDone: (d: ReleaseResult) => void;
  onCancel: () => void;
}) {
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [followUpOn, setFollowUpOn] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const reasons = kind === 'hold' ? HOLD_REASONS : DECLINE_REASONS;
  const labels: Record<string, string> = kind === 'hold' ? HOLD_REASON_LABEL : DECLINE_REASON_LABEL;
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const parsed =
      kind === 'hold'
        ? holdSchema.safeParse({ reason: reason || undefined, note, followUpOn })
        : declineSchema.safeParse({ reason: reason || undefined, note });
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
    <div className="release-reason">
      <h3 id={`${id}-title`}>{kind === 'hold' ? 'Put the quote on hold' : 'Decline or ask for changes'}</h3>
      <p className="hint">
        {kind === 'hold'
          ? 'Nothing is ordered or invoiced; you can still release the quote from this page while it is valid.'
          : 'Nothing is ordered; the shop reads your reason and can send a revised quote.'}
      </p>
      <form noValidate aria-labelledby={`${id}-title`} onSubmit={(event) => void submit(event)}>
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
        {kind === 'hold' && (
          <div className={`field${errors.followUpOn ? ' field-invalid' : ''}`}>
            <label htmlFor={`${id}-follow-up`}>
              Follow up on<span className="optional"> (optional: we remind you by email that day)</span>
            </label>
            {errors.followUpOn && (
              <p id={`${id}-follow-up-error`} className="field-error">
                {errors.followUpOn}
              </p>
            )}
            <input
              id={`${id}-follow-up`}
              type="date"
              value={followUpOn}
              max={view.expiresAt.slice(0, 10)}
              onChange={(e) => setFollowUpOn(e.target.value)}
              aria-invalid={errors.followUpOn ? true : undefined}
              aria-describedby={errors.followUpOn ? `${id}-follow-up-error` : undefined}
            />
          </div>
        )}
        {errors.form && (
          <p role="alert" className="field-error">
            {errors.form}
          </p>
        )}
        <div className="button-row">
          <button type="submit" className="button button-secondary" disabled={busy}>
            {kind === 'hold' ? 'Put the quote on hold' : 'Decline the quote'}
          </button>
          <button type="button" className="button-link" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}
