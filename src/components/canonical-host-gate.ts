/**
 * Astro's before-hydration script (injected by astro.config.mjs): every island imports this bundled
 * module before it hydrates. On a non-canonical host it moves the visit to SITE_URL's host and never
 * finishes loading, so no island hydrates there: no form is used on the alias, and no island reads
 * (and strips from the address) the #token that must travel along. On the canonical host it is a
 * no-op and the islands hydrate at once.
 *
 * A module script in the layout would run alongside hydration, not before it; this stage is the one
 * Astro awaits. Pages without islands (articles) stay free of script, and have no form.
 */
import { moveToCanonicalHost } from './canonical-host.js';

if (moveToCanonicalHost(import.meta.env.SITE)) await new Promise<never>(() => {});
