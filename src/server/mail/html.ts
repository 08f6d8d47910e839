/**
 * Escaping for mail bodies: every user-supplied value goes through `html` before it reaches markup.
 * The layout every message shares ends with the shop's identity (src/domain/site.ts).
 */
import { site } from '../../domain/site.js';
import { getConfig } from '../config.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function toText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value) ?? '';
}

export function escapeHtml(value: unknown): string {
  return toText(value).replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

/** A value that is already markup and must not be escaped again. */
export class SafeHtml {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

/** Tagged template: interpolated values are escaped unless they are SafeHtml (or arrays of it). */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    const parts = Array.isArray(value) ? value : [value];
    out += parts.map((part) => (part instanceof SafeHtml ? part.value : escapeHtml(part))).join('');
    out += strings[index + 1] ?? '';
  });
  return new SafeHtml(out);
}

function termsUrl(): string {
  return `${getConfig().siteUrl}${site.termsPath}`;
}

/** The shop's identity as plain-text lines, in the order of a letterhead. */
export function identityLines(): string[] {
  const { street, postalCode, city, country } = site.address;
  return [
    `${site.legalName} · ${street}, ${postalCode} ${city}, ${country}`,
    `VAT ID ${site.vatId} · ${site.phone} · ${site.contactEmail}`,
    `Terms of sale: ${termsUrl()}`,
  ];
}

export function identityHtml(): SafeHtml {
  const { street, postalCode, city, country } = site.address;
  return html`<footer
    style="margin-top:2rem;border-top:1px solid #c9d1da;padding-top:.75rem;font-size:.85em;color:#4d5560"
  >
    <p style="margin:0">
      <strong>${site.legalName}</strong> · ${street}, ${postalCode} ${city}, ${country}<br />
      VAT ID ${site.vatId} · ${site.phone} · <a href="mailto:${site.contactEmail}">${site.contactEmail}</a><br />
      <a href="${termsUrl()}">Terms of sale</a>
    </p>
  </footer>`;
}

/** The shared frame of every message: plain, readable on a phone, no remote images. */
export function mailLayout(title: string, body: SafeHtml): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
      </head>
      <body
        style="font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;line-height:1.5;color:#1b1f24;max-width:40rem;margin:0 auto;padding:1rem"
      >
        ${body} ${identityHtml()}
      </body>
    </html>`.value;
}

/**
 * The mail's one call to action: a button, then the address in plain text for mail clients that
 * strip links or for copying into another browser.
 */
export function linkButton(url: string, label: string): SafeHtml {
  return html`<p>
      <a
        href="${url}"
        style="display:inline-block;background:#0b5cad;color:#fff;padding:.6rem 1rem;border-radius:.3rem;text-decoration:none"
        >${label}</a
      >
    </p>
    <p style="font-size:.9em;color:#4d5560">Or copy this address into your browser: ${url}</p>`;
}
