/**
 * The dashboard above the inbox: open quote value and released-not-shipped value per currency, overdue
 * requests, estimate-to-release conversion, who waits and for how long, and a chart of how long
 * requests have waited with the same counts as a table. Figures come from the server (architecture
 * §13); this only words them. The chart is plain SVG: no chart library in the page's JavaScript.
 */
import type { DashboardFigures, MoneyFigure, WaitingActor } from '../../domain/contracts/dashboard.js';
import { WAITING_ACTORS } from '../../domain/dashboard.js';
import { conversionWords, countWords, money, waitWords } from './shop-lib.js';

const WAITING_TITLE: Record<WaitingActor, string> = {
  technical: 'Technical contact',
  purchasing: 'Purchasing approver',
  shop: 'Shop',
};

/** Column heads of the chart's table: short, so five columns fit a phone. */
const WAITING_COLUMN: Record<WaitingActor, string> = {
  technical: 'Technical',
  purchasing: 'Purchasing',
  shop: 'Shop',
};

function MoneyValue({ figure }: { figure: MoneyFigure }) {
  return (
    <>
      {figure.amounts.length === 0 ? (
        <span className="shop-figure-value">None</span>
      ) : (
        figure.amounts.map((amount) => (
          <span key={amount.currency} className="shop-figure-value">
            {money(amount.minor, amount.currency)}
          </span>
        ))
      )}
      <span className="meta">
        {countWords(figure.revisions, 'revision')}
        {figure.withoutTotal > 0 && `, ${figure.withoutTotal} without a recorded total`}
      </span>
    </>
  );
}

export function ShopDashboard({ figures, total }: { figures: DashboardFigures; total: number }) {
  const { overdue, conversion } = figures;
  return (
    <section aria-labelledby="dashboard-title" className="shop-dashboard">
      <h2 id="dashboard-title">At a glance</h2>
      <p className="meta">Figures for the {countWords(total, 'request')} the filters select, listed below.</p>
      <dl className="shop-figures">
        <div>
          <dt>Open quotes</dt>
          <dd>
            <MoneyValue figure={figures.openQuotes} />
          </dd>
        </div>
        <div>
          <dt>Released, not shipped</dt>
          <dd>
            <MoneyValue figure={figures.releasedNotShipped} />
          </dd>
        </div>
        <div>
          <dt>Overdue</dt>
          <dd>
            <span className="shop-figure-value">{countWords(overdue.requests, 'request')}</span>
            <span className="meta">
              {overdue.neededBy} past the needed-by date · {overdue.replyPromise} past the {overdue.replyPromiseHours}
              -hour reply promise
            </span>
          </dd>
        </div>
        <div>
          <dt>Estimate to release, last {conversion.windowDays} days</dt>
          <dd>
            <span className="shop-figure-value">{conversionWords(conversion.share)}</span>
            <span className="meta">
              {conversion.released} of {countWords(conversion.offered, 'request')} with an estimate or quote released
            </span>
          </dd>
        </div>
      </dl>
      <div className="shop-dashboard-grid">
        <table className="shop-table">
          <caption>Who acts next</caption>
          <thead>
            <tr>
              <th scope="col">Waiting on</th>
              <th scope="col">Requests</th>
              <th scope="col">Median wait</th>
              <th scope="col">Longest</th>
            </tr>
          </thead>
          <tbody>
            {WAITING_ACTORS.map((actor) => {
              const row = figures.waiting[actor];
              return (
                <tr key={actor}>
                  <th scope="row">{WAITING_TITLE[actor]}</th>
                  <td>{row.count}</td>
                  <td>{waitWords(row.medianHours)}</td>
                  <td>{waitWords(row.oldestHours)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <AgeingChart figures={figures} />
      </div>
    </section>
  );
}

const ROW = 30;
const LABEL_WIDTH = 118;
const BAR_WIDTH = 170;

/** Requests per age bucket as bars with their count written beside each, then the same as a table. */
function AgeingChart({ figures }: { figures: DashboardFigures }) {
  const totals = figures.ageBuckets.map((_, index) =>
    WAITING_ACTORS.reduce((sum, actor) => sum + (figures.waiting[actor].buckets[index] ?? 0), 0),
  );
  const largest = Math.max(1, ...totals);
  const height = ROW * totals.length;
  return (
    <figure className="shop-chart" aria-labelledby="ageing-title">
      <figcaption id="ageing-title">How long requests have waited</figcaption>
      <svg viewBox={`0 0 ${LABEL_WIDTH + BAR_WIDTH + 40} ${height}`} aria-hidden="true" focusable="false">
        {figures.ageBuckets.map((bucket, index) => {
          const y = index * ROW;
          const width = ((totals[index] ?? 0) / largest) * BAR_WIDTH;
          return (
            <g key={bucket.label}>
              <text x={0} y={y + ROW / 2 + 5} className="shop-chart-label">
                {bucket.label}
              </text>
              <rect x={LABEL_WIDTH} y={y + 6} width={Math.max(width, 1)} height={ROW - 12} rx={2} />
              <text x={LABEL_WIDTH + width + 6} y={y + ROW / 2 + 5} className="shop-chart-count">
                {totals[index] ?? 0}
              </text>
            </g>
          );
        })}
      </svg>
      <table className="shop-table">
        <caption>Requests by time waited and who they wait on</caption>
        <thead>
          <tr>
            <th scope="col">Waited</th>
            {WAITING_ACTORS.map((actor) => (
              <th key={actor} scope="col">
                {WAITING_COLUMN[actor]}
              </th>
            ))}
            <th scope="col">All</th>
          </tr>
        </thead>
        <tbody>
          {figures.ageBuckets.map((bucket, index) => (
            <tr key={bucket.label}>
              <th scope="row">{bucket.label}</th>
              {WAITING_ACTORS.map((actor) => (
                <td key={actor}>{figures.waiting[actor].buckets[index] ?? 0}</td>
              ))}
              <td>{totals[index] ?? 0}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
