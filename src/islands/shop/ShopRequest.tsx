/**
 * /shop/request/?id=…: one request for staff: the part with every fact the customer gave, contacts,
 * files, both tracks, what the technical contact decided and said (beside the quote editor, so the
 * shop never prices blind), quotes and revisions with quoted / released / remaining quantities, the
 * event history, and the actions (rough estimate, firm quote, revise, cancel, sample shipped, resend
 * a link), and each released lot's production, shipments and deliveries (`ProductionPanel`).
 */
import { ApproverList, approvalRuleWords } from '../lib/approvers.js';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { ApiError, apiFetch } from '../lib/api.js';
import { quantityWords } from '../lib/facts.js';
import { formatBytes } from '../lib/format.js';
import { QuoteLinesTable, StillMissing } from '../lib/quote-lines.js';
import { EstimateEditor } from './EstimateEditor.js';
import { fileGeometry } from './geometry-facts.js';
import { ProductionPanel } from './ProductionPanel.js';
import { QuoteEditor } from './QuoteEditor.js';
import { ActionForm, ErrorAlert, TextField, useApiAction } from './shop-controls.js';
import {
  SHIP_WITHOUT_RELEASE,
  dateTime,
  day,
  lotWords,
  money,
  partFacts,
  sampleRelease,
  type SampleRelease,
} from './shop-lib.js';
import { MODE_TITLE, roleWords } from '../../domain/labels.js';
import type { QuoteRevisionView, ResendLinksResult, ShopRequestView } from '../../domain/contracts/index.js';
import type { FileView } from '../../domain/contracts/file-view.js';
import type { TechnicalDecisionView } from '../../domain/contracts/inbox.js';
import { OrderAgain, ReorderOf } from '../lib/reorder.js';
import { SignOffFacts } from '../lib/sign-off.js';
import './shop-request.css';

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
  const sample = sampleRelease(view);
  const missing = sample.missing ? [...view.missing, sample.missing] : view.missing;

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
      <ReorderOf reorderOf={view.reorderOf} />
      <p className="handoff">
        <strong>Where things stand: </strong>
        {view.handoffNote}
      </p>

      <div className="shop-workspace">
        <div className="shop-main">
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
            {panel === 'sample' && <SampleForm view={view} sample={sample} onDone={finish} />}
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
              <dd>{lotWords(lots, view.quantities.provisional)}</dd>
            </dl>
            <SignOffFacts signOff={view.signOff} />
            <StillMissing items={missing} />
          </section>
          <ProductionPanel requestId={view.id} production={view.production} onDone={onDone} />
          <OrderAgain view={view} path={`/api/shop/requests/${encodeURIComponent(view.id)}/reorder`} />
        </div>
        <TechnicalSaid decisions={view.technicalDecisions} />
      </div>

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
          <dd>{MODE_TITLE[view.mode]}</dd>
          {partFacts(part).map(({ label, value }) => (
            <Fact key={label} label={label} value={value} />
          ))}
          <dt>Quantities asked for</dt>
          <dd>{quantityWords(view.quantities)}</dd>
          <dt>Needed by</dt>
          <dd>{day(view.neededBy)}</dd>
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
          <ul className="shop-files">
            {view.files.map((file) => (
              <FileEntry key={file.id} file={file} />
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="history-title">
        <h2 id="history-title">History</h2>
        <ol className="shop-history">
          {view.events.map((event) => (
            <li key={event.id}>
              <span className="meta">
                <time dateTime={event.at}>{dateTime(event.at)}</time>
              </span>{' '}
              {event.summary}{' '}
              <span className="meta">
                ({roleWords(event.role)}
                {event.actorEmail ? `: ${event.actorEmail}` : ''})
              </span>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

function QuoteCard({ quote }: { quote: ShopRequestView['quotes'][number] }) {
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
      {quote.approvals && (
        <div className="shop-approvals">
          <p className="meta">{approvalRuleWords(quote.approvals)}</p>
          <ApproverList approvers={quote.approvals.approvers} />
        </div>
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
        {quote.terms.poDocumentRequired && ' The PO must come as a PDF.'}
      </p>
      {quote.poDocument && (
        <div className={`po-check po-check-${quote.poDocument.outcome ?? 'attached'}`}>
          <p>
            PO document <a href={quote.poDocument.url}>{quote.poDocument.name}</a> (SHA-256{' '}
            <code>{quote.poDocument.sha256.slice(0, 12)}</code>):{' '}
            {quote.poDocument.summary ?? 'attached; not yet part of a release.'}
          </p>
          {quote.poDocument.outcome === 'mismatch' && (
            <ul>
              {(quote.poDocument.findings ?? []).map((words) => (
                <li key={words}>{words}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {quote.status === 'accepted' && (
        <p className="meta">
          <a href={`/api/quotes/${quote.id}/certificate`}>Release certificate (PDF)</a>
        </p>
      )}
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

function SampleForm({
  view,
  sample,
  onDone,
}: {
  view: ShopRequestView;
  sample: SampleRelease;
  onDone: (text: string) => void;
}) {
  const [tracking, setTracking] = useState('');
  const [carrier, setCarrier] = useState('');
  const [confirming, setConfirming] = useState(false);
  return (
    <ActionForm
      label="Record a shipped sample"
      submitLabel={confirming ? 'Ship anyway: record sample shipped' : 'Record sample shipped'}
      onSubmit={async () => {
        // Shipping before purchasing released a sample is the shop's call, but never by accident.
        if (!sample.released && !confirming) {
          setConfirming(true);
          return;
        }
        await apiFetch({
          path: `/api/shop/requests/${view.id}/sample-shipped`,
          method: 'POST',
          body: { trackingReference: tracking, carrier },
        });
        onDone('Sample recorded as shipped; the technical contact can now review the first article.');
      }}
    >
      {!sample.released && !confirming && (
        <p className="shop-flag-block">Purchasing has not released a sample quote yet.</p>
      )}
      <TextField id="sample-tracking" label="Tracking reference" value={tracking} onChange={setTracking} />
      <TextField id="sample-carrier" label="Carrier" value={carrier} onChange={setCarrier} />
      {confirming && (
        <div role="alert" className="shop-confirm">
          <p>
            <strong>{SHIP_WITHOUT_RELEASE}</strong>
          </p>
          <p>Recording it tells the technical contact to review the part; it does not ask purchasing for anything.</p>
          <button type="button" className="button button-secondary" onClick={() => setConfirming(false)}>
            Not yet
          </button>
        </div>
      )}
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

/** One file: its link and size and, for a 3D file, what the server measured or why it could not. */
function FileEntry({ file }: { file: FileView }) {
  const geometry = fileGeometry(file);
  const titleId = `file-${file.id}-title`;
  return (
    <li className="shop-file">
      <p id={titleId}>
        <a href={`/api/shop/files/${file.id}`}>{file.name}</a> ({formatBytes(file.size)})
      </p>
      {geometry.kind === 'measured' && (
        <dl className="shop-facts shop-geometry" aria-labelledby={titleId}>
          {geometry.facts.map(({ label, value, attention }) => (
            <Fact key={label} label={label} value={value} attention={attention} />
          ))}
        </dl>
      )}
      {geometry.kind === 'unmeasured' && <p className="shop-flag-block">{geometry.note}</p>}
    </li>
  );
}

function Fact({ label, value, attention = false }: { label: string; value: string; attention?: boolean }) {
  return (
    <>
      <dt>{label}</dt>
      <dd className={attention ? 'shop-answer-attention' : undefined}>{value}</dd>
    </>
  );
}

/** What the technical contact decided and said, current decisions first, superseded ones kept below. */
function TechnicalSaid({ decisions }: { decisions: readonly TechnicalDecisionView[] }) {
  const current = decisions.filter((decision) => !decision.superseded);
  const earlier = decisions.filter((decision) => decision.superseded);
  return (
    <section aria-labelledby="technical-said-title" className="shop-technical">
      <h2 id="technical-said-title">What the technical contact said</h2>
      {decisions.length === 0 ? (
        <p className="meta">No technical decision yet: the technical contact has not reviewed this request.</p>
      ) : (
        <>
          {current.map((decision) => (
            <DecisionCard key={decision.eventId} decision={decision} />
          ))}
          {earlier.length > 0 && (
            <details className="shop-earlier">
              <summary>Earlier decisions ({earlier.length}), replaced by the ones above</summary>
              {earlier.map((decision) => (
                <DecisionCard key={decision.eventId} decision={decision} />
              ))}
            </details>
          )}
        </>
      )}
    </section>
  );
}

function DecisionCard({ decision }: { decision: TechnicalDecisionView }) {
  const by = [decision.by.name, decision.by.email && `<${decision.by.email}>`].filter(Boolean).join(' ');
  return (
    <article
      className={`shop-decision${decision.superseded ? ' shop-decision-superseded' : ''}`}
      aria-label={`${decision.kindLabel}: ${decision.decisionLabel}${decision.superseded ? ' (superseded)' : ''}`}
    >
      <h3>
        {decision.kindLabel}: {decision.decisionLabel}
        {decision.superseded && <span className="shop-flag">Superseded</span>}
      </h3>
      <p className="meta">
        {by ? `${by} · ` : ''}
        <time dateTime={decision.at}>{dateTime(decision.at)}</time>
      </p>
      {decision.answers.length > 0 && (
        <dl className="shop-answers">
          {decision.answers.map(({ question, answer, attention }) => (
            <div key={question}>
              <dt>{question}</dt>
              <dd className={attention ? 'shop-answer-attention' : undefined}>{answer}</dd>
            </div>
          ))}
        </dl>
      )}
      {decision.type === 'technical_review' && (
        <p>
          <strong>Open unknowns: </strong>
          {decision.openUnknowns.length ? decision.openUnknowns.join(', ') : 'none'}
        </p>
      )}
      {decision.type === 'first_article' && (
        <p>
          <strong>Checked on the sample: </strong>
          {decision.checked.length ? decision.checked.join(', ') : 'not stated'}
        </p>
      )}
      {decision.notes ? (
        <>
          <p className="shop-notes-title">
            <strong>Notes</strong>
          </p>
          <p className="shop-notes">{decision.notes}</p>
        </>
      ) : (
        <p className="meta">No notes.</p>
      )}
      {decision.files.length > 0 && (
        <>
          <p>
            <strong>Files with this decision</strong>
          </p>
          <ul>
            {decision.files.map((file) => (
              <li key={file.id}>
                <a href={`/api/shop/files/${file.id}`}>{file.name}</a> ({formatBytes(file.size)})
              </li>
            ))}
          </ul>
        </>
      )}
    </article>
  );
}
