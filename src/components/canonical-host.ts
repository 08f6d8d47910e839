/**
 * Moves a visit on another host name (127.0.0.1 for localhost, www for the apex) to SITE_URL's, with
 * the same path, query and #fragment (signed link tokens travel in the fragment). The functions accept
 * only SITE_URL's origin, so a form used on an alias would be refused ("reload the page").
 *
 * The host name and scheme come from the build (Astro `site` is SITE_URL). The port does not: it is
 * the one the page was served on. On Vercel no address has a port, and locally the runtime picks its
 * port when it starts (PORT, or a free one in tests), after the pages were built, while its default
 * SITE_URL is localhost on that same port. So the build's address names the right host everywhere
 * but can name a port the runtime does not listen on, and the port is taken from the page.
 */

/** The address to move to, or undefined when the page is already on the canonical host (or is not http). */
export function canonicalLocation(current: string, site: string): string | undefined {
  let here: URL;
  let canonical: URL;
  try {
    here = new URL(current);
    canonical = new URL(site);
  } catch {
    return undefined;
  }
  const web = (url: URL) => url.protocol === 'http:' || url.protocol === 'https:';
  if (!web(here) || !web(canonical)) return undefined;
  if (here.protocol === canonical.protocol && here.hostname === canonical.hostname) return undefined;
  const target = new URL(here.href);
  target.protocol = canonical.protocol;
  target.hostname = canonical.hostname;
  return target.href;
}

/** A move to the same address this recently means the canonical host sent us back: stay, do not loop. */
const LOOP_WINDOW_MS = 10_000;
const MARK = 'canonical-host-redirect';

interface BrowserLocation {
  href: string;
  replace(url: string): void;
}

/**
 * Replaces the location when it is not on the canonical host. The last move is remembered in this
 * origin's sessionStorage: if the canonical host redirects back (a server-side alias rule pointing
 * the other way), the second arrival stays put instead of bouncing. Without sessionStorage there is
 * no such guard, so nothing moves.
 */
export function moveToCanonicalHost(
  site: string,
  location: BrowserLocation = window.location,
  storage: () => Pick<Storage, 'getItem' | 'setItem'> = () => window.sessionStorage,
  now: number = Date.now(),
): string | undefined {
  const target = canonicalLocation(location.href, site);
  if (!target) return undefined;
  try {
    const store = storage();
    const [at, last] = (store.getItem(MARK) ?? '').split(' ');
    if (last === target && now - Number(at) < LOOP_WINDOW_MS) {
      console.warn(`${target} sent this page back here; staying on ${location.href}.`);
      return undefined;
    }
    store.setItem(MARK, `${now} ${target}`);
  } catch {
    return undefined;
  }
  location.replace(target);
  return target;
}
