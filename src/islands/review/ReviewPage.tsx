/**
 * The technical review page (/review/?id=…#token=…), one focused action: the form for the step the
 * technical track is at comes first (the review, prefilled from what is known, or after a shipped
 * sample the first-article verdict), the actions that do not apply yet one click away, and after
 * deciding a receipt in its place. Beside it (below on a phone): what this page does and does not
 * authorise, the request and its files, the technical decisions so far.
 */
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { site } from '../../domain/site.js';
import { ApiError } from '../lib/api.js';
import { PageLoading, PageProblem, RetryButton, useLinkedView, type LinkProblemProps } from '../lib/linked-page.js';
import type { RequestView, TechnicalEventResult } from '../../domain/contracts/index.js';
import { MODE_TITLE } from '../../domain/labels.js';
import { EventMeta, PartFacts, quantityWords } from '../lib/facts.js';
import { FirstArticleForm, TechnicalReviewForm } from './DecisionForms.js';
import { FileGallery } from './FileGallery.js';
import {
  approverName,
  authorityText,
  decisionHistory,
  hasDecided,
  nextAfterDecision,
  prefilledReview,
  stepFor,
} from './logic.js';

function technicalLinkOnly(view: RequestView): ApiError | null {
  if (view.viewerRole === 'technical') return null;
  return new ApiError(
    403,
    'WRONG_ROLE',
    'This link is not a technical review link. Use the review link from the email to the technical contact.',
  );
}

export default function ReviewPage() {
  const { load, reload, fail } = useLinkedView<RequestView>({
    page: 'review',
    endpoint: '/api/requests/',
    refuse: technicalLinkOnly,
  });
  const [confirmation, setConfirmation] = useState<TechnicalEventResult | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const confirmationRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (load.state === 'failed' || load.state === 'no-link') heading.current?.focus();
  }, [load.state]);

  useEffect(() => {
    if (confirmation) confirmationRef.current?.focus();
  }, [confirmation]);

  const onDecided = useCallback(
    (result: TechnicalEventResult) => {
      setConfirmation(result);
      reload();
    },
    [reload],
  );

  if (load.state === 'loading') {
    return <PageLoading className="review-page" title="Technical review" text="Loading the request…" />;
  }
  if (load.state !== 'ready') return <LinkProblemView problem={load} heading={heading} onRetry={reload} />;

  const { view, token } = load;
  const step = stepFor(view.technical.state);
  const authority = authorityText(view);
  const history = decisionHistory(view.events);
  const formProps = { requestId: view.id, token, onDecided, onLinkProblem: fail };
  return (
    <div className="review-page">
      <p className="meta">
        Technical review · {MODE_TITLE[view.mode]} · for {view.contacts.technical.name}
      </p>
      <h1 ref={heading} tabIndex={-1}>
        {view.reference}: {view.part.name}
      </h1>

      <div className="review-layout">
        <div className="review-main">
          {confirmation ? (
            <Receipt
              result={confirmation}
              approver={approverName(view)}
              releaser={authority.releaser}
              focusRef={confirmationRef}
              onChange={() => setConfirmation(null)}
            />
          ) : (
            <section aria-label="Your decision" className="review-step">
              <p className="review-scope">
                Your decision is technical feedback only; it does not release an order.{' '}
                <a href="#part-title">See the request and its files</a>.
              </p>
              {step === 'review' ? (
                <>
                  <TechnicalReviewForm
                    {...formProps}
                    replaces={hasDecided(view.technical.state, 'review')}
                    prefill={prefilledReview(view)}
                  />
                  <details className="review-more">
                    <summary>Verdict on a sample</summary>
                    <p className="hint">
                      {view.technical.state === 'sample_required'
                        ? 'When the shop ships the sample you asked for, you get an email, and this page asks for your verdict on it.'
                        : 'If you ask for a sample first, the shop ships one; this page then asks for your verdict on it.'}
                    </p>
                  </details>
                </>
              ) : (
                <>
                  <p className="notice">
                    {view.technical.state === 'sample_in_progress'
                      ? 'The shop has shipped a sample. When it arrives, check it and accept or reject it here.'
                      : `Your verdict so far: ${view.technical.label.toLowerCase()}. You can change it below.`}
                  </p>
                  <FirstArticleForm {...formProps} replaces={hasDecided(view.technical.state, 'first_article')} />
                  <details className="review-more">
                    <summary>Change the technical direction instead</summary>
                    <p className="hint">
                      Use this only if the design itself must change. A new review ends the current sample step.
                    </p>
                    <TechnicalReviewForm {...formProps} replaces />
                  </details>
                </>
              )}
            </section>
          )}
        </div>

        <div className="review-context">
          <section className="review-authority" aria-labelledby="authority-title">
            <h2 id="authority-title">What your decision does, and does not do</h2>
            <p>
              <strong>{authority.limit}</strong>
            </p>
            <p>{authority.releaser}</p>
          </section>

          <p className="handoff">
            <strong>Where things stand: </strong>
            {view.handoffNote}
          </p>

          <section aria-labelledby="part-title">
            <h2 id="part-title">The request</h2>
            <RequestFacts view={view} />
          </section>

          <section aria-labelledby="files-title">
            <h2 id="files-title">Files</h2>
            <p className="hint">Select a file to see it full size.</p>
            <FileGallery files={view.files} token={token} />
          </section>

          {history.length > 0 && (
            <section aria-labelledby="decisions-title">
              <h2 id="decisions-title">Technical decisions so far</h2>
              <ol className="review-history">
                {history.map((entry) => (
                  <li key={entry.id} className={entry.superseded ? 'review-superseded' : undefined}>
                    <p className="history-what">
                      {entry.summary}{' '}
                      {entry.current && <span className="review-tag review-tag-current">Applies now</span>}
                      {entry.superseded && <span className="review-tag">Superseded by a later decision</span>}
                    </p>
                    <EventMeta event={entry} />
                  </li>
                ))}
              </ol>
            </section>
          )}
        </div>
      </div>
    </div>
  );
}

type ReceiptProps = {
  result: TechnicalEventResult;
  approver: string;
  releaser: string;
  focusRef: RefObject<HTMLDivElement | null>;
  onChange: () => void;
};

/** After deciding: what was recorded, what happens next, and that it is not an order. */
function Receipt({ result, approver, releaser, focusRef, onChange }: ReceiptProps) {
  return (
    <div className="review-confirmation" role="status" tabIndex={-1} ref={focusRef} aria-labelledby="receipt-title">
      <h2 id="receipt-title">{result.repeated ? 'This decision was already recorded' : 'Decision recorded'}</h2>
      <h3>What was recorded</h3>
      <dl className="review-receipt">
        <div>
          <dt>Technical track</dt>
          <dd>
            <strong>{result.technical.label}</strong>
            {result.supersedes ? ' (it replaces your earlier decision; the history keeps both)' : ''}
          </dd>
        </div>
        <div>
          <dt>Recorded</dt>
          <dd>{new Date(result.recordedAt).toLocaleString()}, as the technical contact</dd>
        </div>
      </dl>
      <h3>What happens next</h3>
      <p>{nextAfterDecision(result.technical.state, approver)}</p>
      <h3>This is not an order</h3>
      <p>
        The order is not released by this: commercial track still “{result.commercial.label}”. {releaser} The shop and
        the purchasing approver have been told.
      </p>
      <p>
        <button type="button" className="button-secondary" onClick={onChange}>
          Change this decision
        </button>
      </p>
    </div>
  );
}

function RequestFacts({ view }: { view: RequestView }) {
  const { part } = view;
  const environment = (part as { environment?: Record<string, unknown> }).environment ?? {};
  const conditions = ['heat', 'load', 'motion', 'outdoorUv', 'chemicals']
    .filter((key) => environment[key] === true)
    .map((key) => (key === 'outdoorUv' ? 'outdoor use / sunlight' : key));
  const envNotes = typeof environment.notes === 'string' ? environment.notes : '';
  return (
    <PartFacts view={view} quantities={quantityWords(view.quantities)}>
      <div>
        <dt>Environment</dt>
        <dd>
          {conditions.length > 0 ? conditions.join(', ') : 'No special conditions given'}
          {envNotes ? `. ${envNotes}` : ''}
        </dd>
      </div>
      {part.finish && (
        <div>
          <dt>Finish</dt>
          <dd>{part.finish}</dd>
        </div>
      )}
    </PartFacts>
  );
}

function LinkProblemView({ problem, heading, onRetry }: LinkProblemProps) {
  const status = problem.state === 'failed' ? problem.error.status : 401;
  const code = problem.state === 'failed' ? problem.error.code : 'UNAUTHENTICATED';
  const ask = (
    <p>
      To get a fresh link, reply to the email from {site.name}, or write to{' '}
      <a href={`mailto:${site.contactEmail}`}>{site.contactEmail}</a> with your request reference (for example
      PF-2026-0042). The shop sends a new review link to the technical contact named on the request; links from older
      emails stop working when a newer one is sent.
    </p>
  );
  let title: string;
  let lead: string;
  if (problem.state === 'no-link') {
    title = 'This page needs the review link from your email';
    lead = `The technical review opens only through the personal link in an email from ${site.name}. Open the link from that email, or copy the whole address into your browser.`;
  } else if (code === 'LINK_EXPIRED') {
    title = 'This review link has expired';
    lead = problem.error.message;
  } else if (code === 'LINK_REVOKED') {
    title = 'This review link was replaced by a newer one';
    lead = problem.error.message;
  } else if (status === 401) {
    title = 'This review link does not work';
    lead = problem.error.message;
  } else if (status === 403) {
    title = 'This link cannot record a technical review';
    lead = `${problem.error.message} A purchasing or status link can follow the request but cannot decide technical questions.`;
  } else if (status === 404) {
    title = 'We could not find this request';
    lead = 'The link may be incomplete: copy the whole address from the email, or open it by clicking.';
  } else {
    return (
      <PageProblem
        className="review-page"
        heading={heading}
        title={status === 0 ? 'We could not reach the portal' : 'The request could not be loaded'}
      >
        <p>{problem.error.message}</p>
        <RetryButton onRetry={onRetry} />
      </PageProblem>
    );
  }
  return (
    <PageProblem className="review-page" heading={heading} title={title}>
      <p>{lead}</p>
      {ask}
    </PageProblem>
  );
}
