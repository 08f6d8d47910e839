/**
 * The signed-link token travels in the URL fragment (never sent to servers or in Referer headers).
 * A page reads it once, removes it from the address bar (so it is not bookmarked, shared or shown over
 * a shoulder) and keeps it in sessionStorage for that page and query, so a reload still works.
 * DOM-free: the location, history and storage are passed in, so the logic is unit-tested in Node.
 */

/** The parts of `window.location` this helper reads. */
export type LocationLike = { readonly hash: string; readonly pathname: string; readonly search: string };
/** The part of `window.history` this helper uses. */
export type HistoryLike = { replaceState(data: unknown, unused: string, url?: string | null): void };
/** The part of `Storage` this helper uses. */
export type StorageLike = { getItem(key: string): string | null; setItem(key: string, value: string): void };

export type ReadLinkTokenOptions = {
  /** The page the token is for, e.g. 'status' or 'review'; tokens of different pages never mix. */
  page: string;
  location: LocationLike;
  history: HistoryLike;
  /** sessionStorage in the browser: per tab, gone when the tab closes. */
  storage: StorageLike | null;
};

const TOKEN = /^[A-Za-z0-9_-]{16,200}$/;

/** The storage key: per page and per query (`?id=…`), so two requests' links in one tab stay apart. */
export function linkTokenKey(page: string, search: string): string {
  return `link-token:${page}:${search}`;
}

/** The token from `#token=…` (then stored and removed from the address bar), else the stored one, else null. */
export function readLinkToken({ page, location, history, storage }: ReadLinkTokenOptions): string | null {
  const key = linkTokenKey(page, location.search);
  const fromHash = new URLSearchParams(location.hash.replace(/^#/, '')).get('token');
  if (fromHash !== null) {
    // Removed even when malformed: a broken token in the address bar helps nobody.
    history.replaceState(null, '', `${location.pathname}${location.search}`);
    if (TOKEN.test(fromHash)) {
      safely(() => storage?.setItem(key, fromHash));
      return fromHash;
    }
    return null;
  }
  const stored = safely(() => storage?.getItem(key)) ?? null;
  return stored !== null && TOKEN.test(stored) ? stored : null;
}

/** `readLinkToken` with the browser's own location, history and sessionStorage. */
export function readBrowserLinkToken(page: string): string | null {
  return readLinkToken({
    page,
    location: window.location,
    history: window.history,
    storage: safely(() => window.sessionStorage) ?? null,
  });
}

// Storage throws in some privacy modes; the page still works for this visit without it.
function safely<T>(action: () => T): T | undefined {
  try {
    return action();
  } catch {
    return undefined;
  }
}
