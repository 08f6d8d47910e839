/**
 * /shop/request/?id=…: one request for staff: the part, contacts, files, both tracks, quotes and
 * revisions with quoted / released / remaining quantities, the event history, and the actions
 * (rough estimate, firm quote, revise, cancel, sample shipped, resend a link).
 */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { ApiError, apiFetch } from '../lib/api.js';
import { QuoteLinesTable, StillMissing } from '../lib/quote-lines.js';
import { EstimateEditor } from './EstimateEditor.js';
import { QuoteEditor } from './QuoteEditor.js';
import { ActionForm, ErrorAlert, TextField, useApiAction } from './shop-controls.js';
import { dateTime, day, money } from './shop-lib.js';
import type { QuoteRevisionView, ResendLinksResult, ShopRequestView } from '../../domain/contracts/index.js';

type Load = { state: 'loading' } | { state: 'failed'; error: ApiError } | { state: 'ready'; view: ShopRequestView };
type Panel = 'none' | 'estimate' | 'quote' | 'revise' | 'sample' | 'cancel';

export default function ShopRequest() {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [notice, setNotice] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const id = typeof window === 'undefined' ? '' : (new URLSearchParams(window.location.search).get('id') ?? '');

  const refresh = useCallback(async () => {
    try {
      const { data } = await apiFetch<ShopRequestView>({ path: `/api/shop/requests/${encodeURIComponent(id)}` });
      setLoad({ state: 'ready', view: data });
    } catch (error) {
      setLoad({
        state: 'failed',
        error: error instanceof ApiError ? error : new ApiError(0, 'UNKNOWN', String(error)),
      });
    }
  }, [id]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => {
    if (load.state !== 'loading') heading.current?.focus();
  }, [load.state]);

  const done = (text: string) => {
    setNotice(text);
    void refresh();
  };

  if (load.state === 'loading') {
    return (
      <div className="shop-page" aria-busy="true">
        <h1>Request</h1>
        <p role="status">Loading the request…</p>
      </div>
    );
  }
  if (load.state === 'failed') {
    return (
      <div className="shop-page">
        <h1 ref={heading} tabIndex={-1}>
          {load.error.status === 401 ? 'Please sign in' : 'The request could not be loaded'}
        </h1>
        <p role="alert">{load.error.message}</p>
        <p>
          <a href="/shop/">{load.error.status === 401 ? 'Sign in to the shop back office' : 'Back to the inbox'}</a>
        </p>
      </div>
    );
  }
  return <RequestView view={load.view} heading={heading} notice={notice} onDone={done} />;
}

function RequestView({
  view,
  heading,
  notice,
  onDone,
}: {
  view: ShopRequestView;
  heading: React.RefObject<HTMLHeadingElement | null>;
  notice: string | null;
  onDone: (text: string) => void;
}) {
  const [panel, setPanel] = useState<Panel>('none');
  const current = view.quotes[0];
  const open = current && (current.status === 'open' || current.status === 'on_hold' || current.status === 'declined');
  const finish = (text: string) => {
    setPanel('none');
    onDone(text);
  };
  const { part, contacts, lots } = view;

  return (
    <div className="shop-page">
      <p>
        <a href="/shop/">← Inbox</a>
      </p>
      <h1 ref={heading} tabIndex={-1}>
        {view.reference}: {part.name}
      </h1>
      {notice && (
        <p role="status" className="shop-notice">
          {notice}
        </p>
      )}
      <p className="handoff">
        <strong>Where things stand: </strong>
        {view.handoffNote}
      </p>

      <section aria-labelledby="actions-title" className="shop-actions">
        <h2 id="actions-title">Actions</h2>
        <div className="shop-buttons">
          {view.commercial.state === 'estimate' && (
            <>
              <PanelToggle name="estimate" panel={panel} onToggle={setPanel}>
                Rough estimate…
              </PanelToggle>
              <PanelToggle name="quote" panel={panel} onToggle={setPanel}>
                Firm quote…
              </PanelToggle>
            </>
          )}
          {open && (
            <>
              <PanelToggle name="revise" panel={panel} onToggle={setPanel}>
                Revise quote…
              </PanelToggle>
              <PanelToggle name="cancel" panel={panel} onToggle={setPanel} secondary>
                Cancel quote…
              </PanelToggle>
            </>
          )}
          <PanelToggle name="sample" panel={panel} onToggle={setPanel} secondary>
            Sample shipped…
          </PanelToggle>
          <ResendButton view={view} role="technical" onDone={finish} />
          {open && <ResendButton view={view} role="purchasing" onDone={finish} />}
        </div>
        {panel === 'estimate' && (
          <EstimateEditor view={view} onSent={(to) => finish(`Rough estimate sent to ${to.join(' and ')}.`)} />
        )}
        {panel === 'quote' && (
          <QuoteEditor
            view={view}
            onDone={(quote) => finish(`Quote revision ${quote.revision} issued and sent to purchasing.`)}
          />
        )}
        {panel === 'revise' && current && (
          <QuoteEditor
            view={view}
            revising={current}
            onDone={(quote) => finish(`Revision ${quote.revision} issued; the previous link no longer works.`)}
          />
        )}
        {panel === 'cancel' && current && <CancelForm quote={current} onDone={finish} />}
        {panel === 'sample' && <SampleForm view={view} onDone={finish} />}
      </section>

      <section aria-labelledby="tracks-title">
        <h2 id="tracks-title">Both tracks</h2>
        <dl className="shop-facts">
          <dt>Technical</dt>
          <dd>{view.technical.label}</dd>
          <dt>Commercial</dt>
          <dd>{view.commercial.label}</dd>
          <dt>Ready for production</dt>
          <dd>{view.readyForProduction ? 'Yes' : 'Not yet'}</dd>
          <dt>Quantities</dt>
          <dd>
            planned {lots.planned ?? 'not given'}
            {view.quantities.provisional ? ' (provisional)' : ''} · quoted and open {lots.openQuoted} · released{' '}
            {lots.released}· remaining {lots.remaining ?? 'n/a'}
          </dd>
        </dl>
        <StillMissing items={view.missing} />
      </section>

      <section aria-labelledby="quotes-title">
        <h2 id="quotes-title">Quotes and revisions</h2>
        {view.quotes.length === 0 ? (
          <p className="meta">No firm quote yet.</p>
        ) : (
          view.quotes.map((quote) => <QuoteCard key={quote.id} quote={quote} />)
        )}
        {view.estimatesSent.length > 0 && (
          <>
            <h3>Rough estimates sent</h3>
            <ul>
              {view.estimatesSent.map((estimate, index) => (
                <li key={index}>
                  {day(String(estimate.at))}: {Number(estimate.quantity)} pcs,{' '}
                  {money(Number(estimate.lowMinor), String(estimate.currency))} –{' '}
                  {money(Number(estimate.highMinor), String(estimate.currency))}, {Number(estimate.leadDaysMin)}–
                  {Number(estimate.leadDaysMax)} working days (by {String(estimate.by)})
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section aria-labelledby="part-title">
        <h2 id="part-title">Part and contacts</h2>
        <dl className="shop-facts">
          <dt>Mode</dt>
          <dd>{view.mode.replace('_', ' ')}</dd>
          <dt>Problem</dt>
          <dd>{part.problem}</dd>
          <dt>Size</dt>
          <dd>
            {part.size.lengthMm} × {part.size.widthMm} × {part.size.heightMm} mm
          </dd>
          <dt>Material</dt>
          <dd>{part.material === 'help_me_choose' ? 'Help me choose' : part.material}</dd>
          <dt>Needed by</dt>
          <dd>{view.neededBy}</dd>
          <dt>Technical contact</dt>
          <dd>
            {contacts.technical.name}, {contacts.technical.company}{' '}
            {contacts.technical.email && `<${contacts.technical.email}>`}
          </dd>
          <dt>Purchasing approver</dt>
          <dd>
            {view.sameContactForBothRoles
              ? `${contacts.technical.name} (declared: holds both roles)`
              : `${contacts.purchasing.name}, ${contacts.purchasing.company} <${contacts.purchasing.email ?? ''}>`}
            {' · PO '}
            {contacts.purchasing.poNumber ?? contacts.purchasing.poStatus.replace('_', ' ')}
          </dd>
        </dl>
        <h3>Files</h3>
        {view.files.length === 0 ? (
          <p className="meta">No files.</p>
        ) : (
          <ul>
            {view.files.map((file) => (
              <li key={file.id}>
                <a href={`/api/shop/files/${file.id}`}>{file.name}</a> ({Math.ceil(file.size / 1024)} KB)
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="history-title">
        <h2 id="history-title">History</h2>
        <ol className="shop-history">
          {view.events.map((event) => (
            <li key={event.id}>
              <span className="meta">{dateTime(event.at)}</span> {event.summary}{' '}
              <span className="meta">
                ({event.role}
                {event.actorEmail ? `: ${event.actorEmail}` : ''})
              </span>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

function QuoteCard({ quote }: { quote: QuoteRevisionView }) {
  return (
    <article className={`shop-quote shop-quote-${quote.status}`} aria-label={`Quote revision ${quote.revision}`}>
      <h3>
        Revision {quote.revision}: {quote.scopeLabel} of {quote.quantity} · {quote.status.replace('_', ' ')}
      </h3>
      {quote.status === 'issuing' && (
        <p className="shop-flag" role="status">
          Recorded here, but Stripe has not confirmed this revision yet, so purchasing has no link for it. It finishes
          on its own within minutes; sending the same revision form again finishes it now.
        </p>
      )}
      {quote.acceptedOutsidePortal && (
        <p className="shop-flag">
          Accepted in Stripe outside the portal: not a purchasing release. Check with purchasing.
        </p>
      )}
      <QuoteLinesTable
        caption={`Lines of revision ${quote.revision}`}
        lines={quote.lines}
        currency={quote.currency}
        amountTotalMinor={quote.amountTotalMinor}
      />
      <p className="meta">
        {quote.terms.quoteNumber ?? quote.stripeQuoteId} · lead {quote.terms.leadTimeDays} working days ·{' '}
        {quote.terms.shippingTerms} · net {quote.terms.paymentTermsDays} days · valid until {day(quote.expiresAt)} ·{' '}
        {quote.stripeQuoteId ? <a href={quote.pdfUrl}>PDF</a> : 'PDF once Stripe confirms it'}
      </p>
      <p className="meta">
        {quote.terms.poOptional
          ? 'Purchasing may release without a PO number.'
          : 'Purchasing must give a PO number to release.'}
      </p>
    </article>
  );
}

/** Opens its action's panel below the buttons, or closes it when it is the one open. */
function PanelToggle({
  name,
  panel,
  onToggle,
  secondary = false,
  children,
}: {
  name: Exclude<Panel, 'none'>;
  panel: Panel;
  onToggle: (panel: Panel) => void;
  secondary?: boolean;
  children: ReactNode;
}) {
  const expanded = panel === name;
  return (
    <button
      type="button"
      className={secondary ? 'button button-secondary' : 'button'}
      aria-expanded={expanded}
      onClick={() => onToggle(expanded ? 'none' : name)}
    >
      {children}
    </button>
  );
}

function ResendButton({
  view,
  role,
  onDone,
}: {
  view: ShopRequestView;
  role: 'technical' | 'purchasing';
  onDone: (text: string) => void;
}) {
  const [error, run] = useApiAction();
  const resend = () =>
    run(async () => {
      const { data } = await apiFetch<ResendLinksResult>({
        path: `/api/shop/requests/${view.id}/resend-links`,
        method: 'POST',
        body: { role },
      });
      onDone(`A fresh ${role} link went to ${data.sentTo.join(', ')}; the old one no longer works.`);
    });
  return (
    <>
      <button type="button" className="button button-secondary" onClick={() => void resend()}>
        Resend {role} link
      </button>
      <ErrorAlert error={error} />
    </>
  );
}

function SampleForm({ view, onDone }: { view: ShopRequestView; onDone: (text: string) => void }) {
  const [tracking, setTracking] = useState('');
  const [carrier, setCarrier] = useState('');
  return (
    <ActionForm
      label="Record a shipped sample"
      submitLabel="Record sample shipped"
      onSubmit={async () => {
        await apiFetch({
          path: `/api/shop/requests/${view.id}/sample-shipped`,
          method: 'POST',
          body: { trackingReference: tracking, carrier },
        });
        onDone('Sample recorded as shipped; the technical contact can now review the first article.');
      }}
    >
      <TextField id="sample-tracking" label="Tracking reference" value={tracking} onChange={setTracking} />
      <TextField id="sample-carrier" label="Carrier" value={carrier} onChange={setCarrier} />
    </ActionForm>
  );
}

function CancelForm({ quote, onDone }: { quote: QuoteRevisionView; onDone: (text: string) => void }) {
  const [reason, setReason] = useState('');
  return (
    <ActionForm
      label="Cancel the quote"
      submitLabel={`Cancel revision ${quote.revision}`}
      onSubmit={async () => {
        await apiFetch({ path: `/api/shop/quotes/${quote.id}/cancel`, method: 'POST', body: { reason } });
        onDone(`Quote revision ${quote.revision} canceled; both contacts were told.`);
      }}
    >
      <TextField id="cancel-reason" label="Reason (sent to both contacts)" value={reason} onChange={setReason} />
    </ActionForm>
  );
}
