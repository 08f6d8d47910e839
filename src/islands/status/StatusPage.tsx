/**
 * The status page (/status/?id=…#token=…): both tracks as two lanes (and, once a production lot is
 * released, a third for production and delivery with the lots and shipments), the handoff note, who
 * acts next and what is missing, the files, and the paper trail of events. Any link for the request
 * opens it.
 */
import { ApproverList, approvalRuleWords } from '../lib/approvers.js';
import { useEffect, useRef, useState } from 'react';
import {
  COMMERCIAL_STATES,
  TECHNICAL_STATES,
  type CommercialState,
  type TechnicalState,
} from '../../domain/workflow/vocabulary.js';
import { site } from '../../domain/site.js';
import { fetchFileUrl } from '../lib/file-url.js';
import { PageLoading, PageProblem, RetryButton, useLinkedView, type LinkProblemProps } from '../lib/linked-page.js';
import { StillMissing } from '../lib/quote-lines.js';
import { formatBytes } from '../lib/format.js';
import { MODE_TITLE, PO_STATUS_LABEL } from '../../domain/labels.js';
import { formatMoney } from '../../domain/money.js';
import { EventMeta, PartFacts, quantityWords } from '../lib/facts.js';
import {
  NEXT_ACTOR_WORDS,
  STATUS_WORDS,
  commercialLane,
  productionLane,
  technicalLane,
  type Lane,
  type StepStatus,
} from './timeline.js';
import { estimateRange, fileAddedBy, leadTimeWords, quoteStatusWords } from './words.js';
import type { EstimateView, FileView, RequestQuoteView, RequestView } from '../../domain/contracts/request-view.js';
import { QuotePdfButton } from '../lib/QuotePdfButton.js';
import { SignOffFacts } from '../lib/sign-off.js';
import { ProductionFacts } from './ProductionFacts.js';
import { OrderAgain, ReorderOf } from '../lib/reorder.js';

const ICON: Record<StepStatus, string> = { done: '✓', current: '●', todo: '○', stopped: '!' };

export default function StatusPage() {
  const { load, reload } = useLinkedView<RequestView>({
    page: 'status',
    endpoint: '/api/requests/',
    loadingOnReload: true,
  });
  const heading = useRef<HTMLHeadingElement>(null);

  // After "Try again" the content changes under the keyboard user: move focus to the new heading.
  // Not on the first load, where focus belongs at the top of the page as on any other page.
  const loads = useRef(0);
  useEffect(() => {
    if (load.state === 'loading') return;
    loads.current += 1;
    if (loads.current > 1) heading.current?.focus();
  }, [load.state]);

  if (load.state === 'loading') {
    return <PageLoading className="status-page" title="Request status" text="Loading the request…" />;
  }
  if (load.state !== 'ready') {
    return <Problem problem={load} heading={heading} onRetry={reload} />;
  }
  return <Status view={load.view} token={load.token} heading={heading} />;
}

function Problem({ problem, heading, onRetry }: LinkProblemProps) {
  const status = problem.state === 'failed' ? problem.error.status : 401;
  const ask = (
    <p>
      Ask the shop for a fresh link: write to <a href={`mailto:${site.contactEmail}`}>{site.contactEmail}</a> with your
      request reference (for example PF-2026-0042). Links from older emails stop working when a newer one is sent.
    </p>
  );
  let title: string;
  let body: React.ReactNode;
  if (problem.state === 'no-link') {
    title = 'This page needs the link from your email';
    body = (
      <>
        <p>The status page opens only through the personal link in an email from {site.name}.</p>
        {ask}
      </>
    );
  } else if (status === 401 || status === 403) {
    title = 'This link has expired or was replaced';
    body = (
      <>
        <p>{problem.error.message}</p>
        {ask}
      </>
    );
  } else if (status === 404) {
    title = 'We could not find this request';
    body = (
      <>
        <p>The link may be incomplete: copy the whole address from the email, or open it by clicking.</p>
        {ask}
      </>
    );
  } else {
    title = status === 0 ? 'We could not reach the portal' : 'The status could not be loaded';
    body = (
      <>
        <p>{problem.error.message}</p>
        <RetryButton onRetry={onRetry} />
      </>
    );
  }
  return (
    <PageProblem className="status-page status-problem" heading={heading} title={title}>
      {body}
    </PageProblem>
  );
}

function Status({
  view,
  token,
  heading,
}: {
  view: RequestView;
  token: string;
  heading: React.RefObject<HTMLHeadingElement | null>;
}) {
  const options = {
    mode: view.mode,
    technical: { state: asTechnical(view.technical.state), label: view.technical.label },
    commercial: { state: asCommercial(view.commercial.state), label: view.commercial.label },
    estimateSent: view.latestEstimate !== undefined,
  };
  const { part, contacts } = view;
  return (
    <div className="status-page">
      <p className="meta">
        {MODE_TITLE[view.mode]} · requested {formatDate(view.createdAt)}
      </p>
      <h1 ref={heading} tabIndex={-1}>
        {view.reference}: {part.name}
      </h1>
      <ReorderOf reorderOf={view.reorderOf} />
      <p className={`handoff${view.readyForProduction ? ' handoff-ready' : ''}`}>
        <strong>Where things stand: </strong>
        {view.handoffNote}
      </p>

      <section aria-labelledby="tracks-title">
        <h2 id="tracks-title">Both tracks</h2>
        <p className="meta">
          A technical thumbs-up is not an order: production starts only when the technical go-ahead and the purchasing
          release are both done.
        </p>
        <div className="lanes">
          <LaneView lane={technicalLane(options)} id="lane-technical" />
          <LaneView lane={commercialLane(options)} id="lane-commercial" />
          {view.production.lots.length > 0 && (
            <LaneView
              lane={productionLane({ readyForProduction: view.readyForProduction, lots: view.production.lots })}
              id="lane-production"
            />
          )}
        </div>
        <SignOffFacts signOff={view.signOff} />
        <p className={`production ${view.readyForProduction ? 'production-ready' : ''}`}>
          <strong>Ready for production: </strong>
          {view.readyForProduction ? 'Yes' : 'Not yet'}
        </p>
      </section>

      <ProductionFacts production={view.production} />

      {(view.quote || view.latestEstimate) && (
        <section aria-labelledby="price-title" className="price">
          <h2 id="price-title">Price</h2>
          {view.quote && <QuoteSummary quote={view.quote} token={token} />}
          {view.latestEstimate && <EstimateSummary estimate={view.latestEstimate} superseded={!!view.quote} />}
        </section>
      )}

      <section aria-labelledby="next-title">
        <h2 id="next-title">Who acts next</h2>
        <p>
          <strong>{NEXT_ACTOR_WORDS[view.nextActor]}</strong>
        </p>
        <StillMissing items={view.missing} />
      </section>

      <OrderAgain view={view} path={`/api/requests/${encodeURIComponent(view.id)}/reorder`} token={token} />

      <section aria-labelledby="people-title">
        <h2 id="people-title">People</h2>
        <dl className="facts">
          <div>
            <dt>Technical contact</dt>
            <dd>{personLine(contacts.technical)}</dd>
          </div>
          <div>
            <dt>Purchasing approver</dt>
            <dd>
              {view.sameContactForBothRoles
                ? `${contacts.technical.name}, who also approves the purchase (declared on the request)`
                : personLine(contacts.purchasing)}
            </dd>
          </div>
          <div>
            <dt>Purchase order</dt>
            <dd>
              {PO_STATUS_LABEL[contacts.purchasing.poStatus]}
              {contacts.purchasing.poNumber ? `: ${contacts.purchasing.poNumber}` : ''}
            </dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="part-title">
        <h2 id="part-title">The part</h2>
        <PartFacts view={view} quantities={sentence(quantityWords(view.quantities))} />
      </section>

      <section aria-labelledby="files-title">
        <h2 id="files-title">Files</h2>
        {view.files.length === 0 ? (
          <p>No files attached.</p>
        ) : (
          <ul className="file-list">
            {view.files.map((file) => (
              <StatusFile key={file.id} file={file} token={token} />
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="history-title">
        <h2 id="history-title">History</h2>
        <ol className="history">
          {[...view.events].reverse().map((event) => (
            <li key={event.id}>
              <p className="history-what">{event.summary}</p>
              <EventMeta event={event} />
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

function LaneView({ lane, id }: { lane: Lane; id: string }) {
  return (
    <section className="lane" aria-labelledby={id}>
      <h3 id={id}>{lane.title}</h3>
      <p className="lane-summary">{lane.summary}</p>
      <ol className="lane-steps">
        {lane.steps.map((step) => (
          <li key={step.label} className={`lane-step lane-${step.status}`}>
            <span className="lane-icon" aria-hidden="true">
              {ICON[step.status]}
            </span>
            <span className="lane-text">
              <span className="lane-label">{step.label}</span>
              <span className="lane-status">{STATUS_WORDS[step.status]}</span>
              {step.detail && <span className="lane-detail">{step.detail}</span>}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}

function StatusFile({ file, token }: { file: FileView; token: string }) {
  const [url, setUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (file.kind !== 'image') return undefined;
    const controller = new AbortController();
    let created: string | null = null;
    fetchFileUrl({ id: file.id, token, signal: controller.signal })
      .then((blobUrl) => {
        created = blobUrl;
        setUrl(blobUrl);
      })
      .catch(() => {
        if (!controller.signal.aborted) setFailed(true);
      });
    return () => {
      controller.abort();
      if (created) URL.revokeObjectURL(created);
    };
  }, [file.id, file.kind, token]);
  return (
    <li className="file-item">
      {url ? (
        <img className="file-thumb" src={url} alt={`Thumbnail of ${file.name}`} width={64} height={64} />
      ) : (
        <span className="file-thumb file-icon" aria-hidden="true">
          {file.kind === 'cad' ? 'CAD' : 'IMG'}
        </span>
      )}
      <div className="file-body">
        <p className="file-name">{file.name}</p>
        <p className="meta">
          {file.kind === 'cad' ? 'CAD file' : 'Image'}, {formatBytes(file.size)} · added by{' '}
          {fileAddedBy(file.uploadedByRole)}
          {failed ? ' · preview not available' : ''}
        </p>
      </div>
    </li>
  );
}

/** The current firm quote: its total, what it covers, the PDF where this link may fetch it, the invoice. */
function QuoteSummary({ quote, token }: { quote: RequestQuoteView; token: string }) {
  return (
    <div className="price-quote">
      <h3>Quote {quote.quoteNumber ?? `revision ${quote.revision}`}</h3>
      <p className="price-amount">{formatMoney(quote.amountTotalMinor, quote.currency)}</p>
      <p>
        For the {quote.scopeLabel} of {quote.quantity} pcs · lead time{' '}
        {leadTimeWords(quote.leadTimeDays, quote.leadTimeDays)} after the release · valid until{' '}
        {formatDate(quote.expiresAt)}.
      </p>
      <p>{quoteStatusWords(quote)}</p>
      {quote.approvals && (
        <div className="price-approvals">
          <h4>Purchasing approvals</h4>
          <ApproverList approvers={quote.approvals.approvers} />
          <p className="meta">{approvalRuleWords(quote.approvals)}</p>
        </div>
      )}
      {quote.invoice?.url && (
        <p>
          Invoice {quote.invoice.number && <strong>{quote.invoice.number}</strong>}:{' '}
          <a href={quote.invoice.url}>view and pay the invoice</a>
        </p>
      )}
      {quote.status === 'accepted' && (
        <QuotePdfButton
          url={`/api/quotes/${quote.revisionId}/certificate`}
          token={token}
          fileName={`release-certificate-revision-${quote.revision}.pdf`}
          label="Download the release certificate"
        />
      )}
      {quote.pdfUrl ? (
        <QuotePdfButton url={quote.pdfUrl} token={token} fileName={`quote-revision-${quote.revision}.pdf`} />
      ) : (
        <p className="meta">The quote PDF goes to the purchasing approver with their release link.</p>
      )}
    </div>
  );
}

/** The newest rough estimate: the range, the lead time and what the shop assumed. */
function EstimateSummary({ estimate, superseded }: { estimate: EstimateView; superseded: boolean }) {
  return (
    <div className="price-estimate">
      <h3>{superseded ? 'Earlier rough estimate' : 'Rough estimate'}</h3>
      <p className="price-amount">{estimateRange(estimate)}</p>
      <p>
        For {estimate.quantity} pcs in {estimate.material} · lead time{' '}
        {leadTimeWords(estimate.leadDaysMin, estimate.leadDaysMax)} · sent {formatDate(estimate.sentAt)}.
      </p>
      <p className="meta">A price range to plan with, not an order: there is nothing to release or pay.</p>
      {estimate.assumptions.length > 0 && (
        <>
          <h4>What the estimate assumes</h4>
          <ul>
            {estimate.assumptions.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </>
      )}
      {estimate.note && (
        <p>
          <strong>Note from the shop:</strong> {estimate.note}
        </p>
      )}
    </div>
  );
}

function personLine(person: { name: string; company: string; jobTitle?: string }): string {
  return [person.name, person.jobTitle, person.company].filter(Boolean).join(', ');
}

function sentence(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleDateString(undefined, { dateStyle: 'medium' });
}

// The server's states are the domain's; an unknown one (a newer server) falls back to the start.
function asTechnical(state: string): TechnicalState {
  return TECHNICAL_STATES.find((s) => s === state) ?? 'awaiting_review';
}

function asCommercial(state: string): CommercialState {
  return COMMERCIAL_STATES.find((s) => s === state) ?? 'estimate';
}
