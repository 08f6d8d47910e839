/**
 * What the pages opened through a signed link (/review/, /status/, /release/) share: reading `?id=`
 * and the link token, loading the view with that token, and the frames for "loading" and "this link
 * has a problem". The words stay with each page: they say what that link can and cannot do.
 */
import { useCallback, useEffect, useState, type ReactNode, type RefObject } from 'react';
import { ApiError, apiFetch } from './api.js';
import { readBrowserLinkToken } from './link-token.js';

export type LinkedLoad<V> =
  | { state: 'loading' }
  | { state: 'no-link' }
  | { state: 'failed'; error: ApiError }
  | { state: 'ready'; view: V; token: string };

/** A load that did not give a view: what a problem page explains. */
export type LinkProblem = Extract<LinkedLoad<unknown>, { state: 'no-link' } | { state: 'failed' }>;

/** What a page's own problem view gets: the problem, the heading to focus, and "Try again". */
export type LinkProblemProps = {
  problem: LinkProblem;
  heading: RefObject<HTMLHeadingElement | null>;
  onRetry: () => void;
};

/**
 * Keep these stable (literals and module-level functions): a new function on every render would
 * reload the view on every render.
 */
export type UseLinkedViewOptions<V> = {
  /** The page the token is stored for (see `readBrowserLinkToken`). */
  page: string;
  /** The function the `?id=` is appended to, e.g. '/api/requests/'. */
  endpoint: string;
  /** Why a view that loaded cannot be used on this page (e.g. a link for another role), or null. */
  refuse?: (view: V) => ApiError | null;
  /** Show the loading state again on every reload, not only the first. */
  loadingOnReload?: boolean;
};

export type LinkedView<V> = {
  load: LinkedLoad<V>;
  /** Loads the view again, e.g. after a decision or on "Try again". */
  reload: () => void;
  /** Shows a problem found later, e.g. the link stopped working while a form was sent. */
  fail: (error: ApiError) => void;
};

export function useLinkedView<V>({
  page,
  endpoint,
  refuse,
  loadingOnReload = false,
}: UseLinkedViewOptions<V>): LinkedView<V> {
  const [load, setLoad] = useState<LinkedLoad<V>>({ state: 'loading' });

  const fetchView = useCallback(
    async (signal?: AbortSignal) => {
      const id = new URLSearchParams(window.location.search).get('id');
      const token = readBrowserLinkToken(page);
      if (!id || !token) {
        setLoad({ state: 'no-link' });
        return;
      }
      if (loadingOnReload) setLoad({ state: 'loading' });
      try {
        const { data } = await apiFetch<V>({ path: `${endpoint}${encodeURIComponent(id)}`, token, signal });
        const refused = refuse?.(data);
        setLoad(refused ? { state: 'failed', error: refused } : { state: 'ready', view: data, token });
      } catch (error) {
        if (signal?.aborted) return;
        setLoad({
          state: 'failed',
          error: error instanceof ApiError ? error : new ApiError(0, 'UNKNOWN', String(error)),
        });
      }
    },
    [page, endpoint, refuse, loadingOnReload],
  );

  useEffect(() => {
    const controller = new AbortController();
    void fetchView(controller.signal);
    return () => controller.abort();
  }, [fetchView]);

  const reload = useCallback(() => void fetchView(), [fetchView]);
  const fail = useCallback((error: ApiError) => setLoad({ state: 'failed', error }), []);
  return { load, reload, fail };
}

/** The page while its view loads; `aria-busy` until the content replaces it. */
export function PageLoading({ className, title, text }: { className: string; title: string; text: string }) {
  return (
    <div className={className} aria-busy="true">
      <h1>{title}</h1>
      <p role="status">{text}</p>
    </div>
  );
}

export type PageProblemProps = {
  className: string;
  /** The page focuses it when the problem replaces the content a keyboard user was on. */
  heading: RefObject<HTMLHeadingElement | null>;
  title: string;
  /** What happened and what to do; announced at once. */
  children: ReactNode;
};

export function PageProblem({ className, heading, title, children }: PageProblemProps) {
  return (
    <div className={className}>
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      <div role="alert">{children}</div>
    </div>
  );
}

export function RetryButton({ onRetry }: { onRetry: () => void }) {
  return (
    <p>
      <button type="button" className="button" onClick={onRetry}>
        Try again
      </button>
    </p>
  );
}
