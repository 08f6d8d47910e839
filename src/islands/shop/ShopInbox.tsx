/**
 * /shop/: staff sign-in (a link by mail, exchanged for a session cookie) and the inbox, grouped by who
 * must act next, with filters by mode, track state, who it waits on and overdue, a search by reference,
 * company or email, and the dashboard's figures over the same requests above the list.
 * Opening the mailed link shows one button and writes nothing: only that click uses the link, so a
 * mail scanner that opens links (and runs their scripts) cannot burn it or hold a session.
 */
import { useCallback, useEffect, useRef, useState, type SubmitEvent } from 'react';
import { COMMERCIAL_STATES, TECHNICAL_STATES } from '../../domain/workflow/vocabulary.js';
import { COMMERCIAL_LABEL, TECHNICAL_LABEL } from '../../domain/labels.js';
import { MODES } from '../../domain/request-schema.js';
import type { OverdueReason } from '../../domain/contracts/dashboard.js';
import type { Inbox, InboxItem } from '../../domain/contracts/inbox.js';
import { ApiError, apiFetch } from '../lib/api.js';
import { ErrorAlert } from './shop-controls.js';
import { ShopDashboard } from './ShopDashboard.js';
import { GROUP_ORDER, GROUP_TITLE, day, inboxQuery, signInTokenFromHash } from './shop-lib.js';

type Phase =
  | { state: 'checking' }
  | { state: 'confirm'; token: string }
  | { state: 'signed-out'; notice?: string; error?: string }
  | { state: 'signed-in'; email: string };

export default function ShopInbox() {
  const [phase, setPhase] = useState<Phase>({ state: 'checking' });
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    const token = signInTokenFromHash(window.location.hash);
    if (token) {
      // Out of the address bar (and history) at once; kept in memory until the click.
      window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}`);
      setPhase({ state: 'confirm', token });
      return;
    }
    void (async () => {
      try {
        const { data } = await apiFetch<{ signedIn: boolean; email?: string }>({ path: '/api/shop/session' });
        setPhase(data.signedIn && data.email ? { state: 'signed-in', email: data.email } : { state: 'signed-out' });
      } catch (error) {
        setPhase({ state: 'signed-out', error: error instanceof ApiError ? error.message : String(error) });
      }
    })();
  }, []);

  // Opening the mailed link in the tab that asked for it only changes the fragment: start over with it.
  useEffect(() => {
    const onHash = () => {
      if (signInTokenFromHash(window.location.hash)) window.location.reload();
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    if (phase.state !== 'checking') heading.current?.focus();
  }, [phase.state]);

  if (phase.state === 'checking') {
    return (
      <div className="shop-page" aria-busy="true">
        <h1>Shop back office</h1>
        <p role="status">Checking your session…</p>
      </div>
    );
  }
  if (phase.state === 'confirm') {
    return (
      <ConfirmSignIn
        token={phase.token}
        heading={heading}
        onDone={(email) => setPhase({ state: 'signed-in', email })}
        onFailed={(error) => setPhase({ state: 'signed-out', error })}
      />
    );
  }
  if (phase.state === 'signed-out') return <SignIn phase={phase} heading={heading} />;
  return (
    <InboxView
      email={phase.email}
      heading={heading}
      onSignedOut={() => setPhase({ state: 'signed-out', notice: 'You are signed out.' })}
    />
  );
}

function ConfirmSignIn({
  token,
  heading,
  onDone,
  onFailed,
}: {
  token: string;
  heading: React.RefObject<HTMLHeadingElement | null>;
  onDone: (email: string) => void;
  onFailed: (error: string) => void;
}) {
  const [busy, setBusy] = useState(false);

  async function confirm() {
    setBusy(true);
    try {
      const { data } = await apiFetch<{ email: string }>({
        path: '/api/shop/session',
        method: 'POST',
        body: { token },
      });
      onDone(data.email);
    } catch (error) {
      onFailed(error instanceof ApiError ? error.message : String(error));
    }
  }

  return (
    <div className="shop-page shop-sign-in">
      <h1 ref={heading} tabIndex={-1}>
        Sign in to the shop back office
      </h1>
      <p>This sign-in link works once. Continue on this device to start a 12-hour staff session.</p>
      <button type="button" className="button" disabled={busy} onClick={() => void confirm()}>
        {busy ? 'Signing in…' : 'Sign in to the back office'}
      </button>
    </div>
  );
}

function SignIn({
  phase,
  heading,
}: {
  phase: Extract<Phase, { state: 'signed-out' }>;
  heading: React.RefObject<HTMLHeadingElement | null>;
}) {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(phase.error ?? null);
  const [busy, setBusy] = useState(false);

  async function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { data } = await apiFetch<{ message: string }>({
        path: '/api/shop/sign-in',
        method: 'POST',
        body: { email },
      });
      setSent(data.message);
    } catch (caught) {
      setError(caught instanceof ApiError ? (caught.fields.email ?? caught.message) : String(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="shop-page shop-sign-in">
      <h1 ref={heading} tabIndex={-1}>
        Sign in to the shop back office
      </h1>
      {phase.notice && <p role="status">{phase.notice}</p>}
      <ErrorAlert error={error} />
      {sent ? (
        <p role="status" className="shop-notice">
          {sent} Open the link in that email on this device.
        </p>
      ) : (
        <form onSubmit={(event) => void submit(event)} noValidate>
          <p>We send a sign-in link to your staff email address. No password needed.</p>
          <div className="field">
            <label htmlFor="sign-in-email">Staff email address</label>
            <input
              id="sign-in-email"
              type="email"
              autoComplete="email"
              required
              value={email}
              onChange={(event) => setEmail(event.target.value)}
            />
          </div>
          <button type="submit" className="button" disabled={busy}>
            {busy ? 'Sending…' : 'Email me a sign-in link'}
          </button>
        </form>
      )}
    </div>
  );
}

const WAITING_WORDS: Record<(typeof GROUP_ORDER)[number], string> = {
  shop: 'The shop',
  technical: 'The technical contact',
  purchasing: 'The purchasing approver',
  none: 'Nobody',
};

const OVERDUE_WORDS: Record<OverdueReason, string> = {
  needed_by: 'Past the needed-by date',
  reply_promise: 'Past the reply promise',
};

const MODE_WORDS: Record<(typeof MODES)[number], string> = {
  rough_estimate: 'Rough estimate',
  sample: 'Sample',
  production: 'Production',
};

function InboxView({
  email,
  heading,
  onSignedOut,
}: {
  email: string;
  heading: React.RefObject<HTMLHeadingElement | null>;
  onSignedOut: () => void;
}) {
  const [filters, setFilters] = useState({ q: '', mode: '', technical: '', commercial: '', waiting: '', overdue: '' });
  const [applied, setApplied] = useState(filters);
  const [inbox, setInbox] = useState<Inbox | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const load = useCallback(
    async (signal?: AbortSignal) => {
      try {
        const { data } = await apiFetch<Inbox>({ path: `/api/shop/requests${inboxQuery(applied)}`, signal });
        setInbox(data);
        setError(null);
      } catch (caught) {
        if (signal?.aborted) return;
        const apiError = caught instanceof ApiError ? caught : new ApiError(0, 'UNKNOWN', String(caught));
        if (apiError.status === 401) onSignedOut();
        else setError(apiError);
      }
    },
    [applied, onSignedOut],
  );

  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, [load]);

  async function signOut() {
    await apiFetch({ path: '/api/shop/session', method: 'DELETE' }).catch(() => undefined);
    onSignedOut();
  }

  const set = (key: keyof typeof filters) => (event: { target: { value: string } }) =>
    setFilters((current) => ({ ...current, [key]: event.target.value }));

  return (
    <div className="shop-page">
      <div className="shop-bar">
        <p>
          Signed in as <strong>{email}</strong>
        </p>
        <button type="button" className="button button-secondary" onClick={() => void signOut()}>
          Sign out
        </button>
      </div>
      <h1 ref={heading} tabIndex={-1}>
        Shop inbox
      </h1>
      <form
        className="shop-filters"
        role="search"
        aria-label="Filter requests"
        onSubmit={(event) => {
          event.preventDefault();
          setApplied(filters);
        }}
      >
        <div className="field">
          <label htmlFor="filter-q">Search reference, company or email</label>
          <input id="filter-q" type="search" value={filters.q} onChange={set('q')} />
        </div>
        {FILTER_SELECTS.map(({ key, label, options }) => (
          <FilterSelect
            key={key}
            id={`filter-${key}`}
            label={label}
            value={filters[key]}
            onChange={set(key)}
            options={options}
          />
        ))}
        <div className="field shop-check">
          <input
            id="filter-overdue"
            type="checkbox"
            checked={filters.overdue === 'yes'}
            onChange={(event) => setFilters((current) => ({ ...current, overdue: event.target.checked ? 'yes' : '' }))}
          />
          <label htmlFor="filter-overdue">Overdue only</label>
        </div>
        <button type="submit" className="button">
          Apply
        </button>
      </form>
      {error && (
        <p role="alert" className="shop-error">
          {error.message}
        </p>
      )}
      {!inbox && !error && <p role="status">Loading requests…</p>}
      {inbox && (
        <>
          <ShopDashboard figures={inbox.dashboard} total={inbox.total} />
          <p role="status">
            {inbox.total} {inbox.total === 1 ? 'request' : 'requests'}
          </p>
          {GROUP_ORDER.map((group) => (
            <Group key={group} title={GROUP_TITLE[group]} id={`group-${group}`} items={inbox.groups[group]} />
          ))}
        </>
      )}
    </div>
  );
}

type Option = readonly [value: string, words: string];

const FILTER_SELECTS: readonly {
  key: 'mode' | 'technical' | 'commercial' | 'waiting';
  label: string;
  options: Option[];
}[] = [
  { key: 'mode', label: 'Mode', options: MODES.map((mode) => [mode, MODE_WORDS[mode]]) },
  {
    key: 'technical',
    label: 'Technical track',
    options: TECHNICAL_STATES.map((state) => [state, TECHNICAL_LABEL[state]]),
  },
  {
    key: 'commercial',
    label: 'Commercial track',
    options: COMMERCIAL_STATES.map((state) => [state, COMMERCIAL_LABEL[state]]),
  },
  { key: 'waiting', label: 'Waiting on', options: GROUP_ORDER.map((group) => [group, WAITING_WORDS[group]]) },
];

/** One filter: "Any" first, then each value in the words staff read. */
function FilterSelect({
  id,
  label,
  value,
  onChange,
  options,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (event: { target: { value: string } }) => void;
  options: readonly Option[];
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={onChange}>
        <option value="">Any</option>
        {options.map(([option, words]) => (
          <option key={option} value={option}>
            {words}
          </option>
        ))}
      </select>
    </div>
  );
}

function Group({ title, id, items }: { title: string; id: string; items: InboxItem[] }) {
  return (
    <section aria-labelledby={id} className="shop-group">
      <h2 id={id}>
        {title} <span className="shop-count">({items.length})</span>
      </h2>
      {items.length === 0 ? (
        <p className="meta">None.</p>
      ) : (
        <ul className="shop-list">
          {items.map((item) => (
            <li key={item.id} className="shop-item">
              <p className="shop-item-title">
                <a href={`/shop/request/?id=${item.id}`}>
                  {item.reference}: {item.partName}
                </a>
                {item.acceptedOutsidePortal && <span className="shop-flag">Accepted in Stripe outside the portal</span>}
                {item.mailFailed && <span className="shop-flag">A mail failed</span>}
                {item.readyForProduction && <span className="shop-flag shop-flag-ok">Ready for production</span>}
                {item.overdue.map((reason) => (
                  <span key={reason} className="shop-flag shop-flag-late">
                    {OVERDUE_WORDS[reason]}
                  </span>
                ))}
              </p>
              <p className="meta">
                {item.company} · {item.modeLabel} · received{' '}
                <time dateTime={item.createdAt}>{day(item.createdAt)}</time> · technical: {item.technical.label} ·
                commercial: {item.commercial.label}
                {item.currentQuote &&
                  ` · quote: ${item.currentQuote.scope.replace('_', ' ')} of ${item.currentQuote.quantity}`}
              </p>
              {item.missing[0] && (
                <p className="shop-next">
                  Next: {item.missing[0]}{' '}
                  <span className="meta">
                    (waiting since <time dateTime={item.waitingSince}>{day(item.waitingSince)}</time>)
                  </span>
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
