/** The staff sign-in link: short-lived, single use, and useless to anyone but the listed address. */
import { site } from '../../../domain/site.js';
import { html, linkButton, mailLayout } from '../html.js';
import type { MailMessage } from '../index.js';
import { shopMessage } from '../frame.js';

export interface ShopSignInMailOptions {
  to: string;
  url: string;
  expiresAt: Date;
}

export function shopSignInMail({ to, url, expiresAt }: ShopSignInMailOptions): MailMessage {
  const subject = `Sign in to the ${site.name} shop back office`;
  const until = expiresAt.toISOString().slice(11, 16);
  const text = [
    'Someone (hopefully you) asked to sign in to the shop back office.',
    '',
    `Sign in: ${url}`,
    '',
    `The link works once and until ${until} UTC. If you did not ask for it, ignore this email; nobody can sign in without it.`,
  ].join('\n');
  const body = html`<h1 style="font-size:1.3rem">Sign in to the shop back office</h1>
    <p>Someone (hopefully you) asked to sign in to the shop back office.</p>
    ${linkButton(url, 'Sign in')}
    <p>
      The link works once and until ${until} UTC. If you did not ask for it, ignore this email; nobody can sign in
      without it.
    </p>`;
  return shopMessage({ to, subject, text, html: mailLayout(subject, body) });
}
