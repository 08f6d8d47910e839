/**
 * The shop's own facts, used by pages, mail and the Stripe quote footer.
 * One place: change the shop's name or terms here and every surface follows.
 *
 * The public address is not here: it differs per deployment, so it comes from SITE_URL
 * (read by astro.config.mjs for canonical URLs and by src/server/config.ts for link bases).
 */
export const site = {
  name: 'Layerline Print Works',
  tagline: 'Custom 3D-printed parts for engineering teams: rough estimates, samples and production lots.',
  /** The company as it appears on quotes, invoices, mails and the footer. */
  legalName: 'Layerline Print Works GmbH',
  address: { street: 'Werkstraße 12', postalCode: '70565', city: 'Stuttgart', country: 'Germany' },
  vatId: 'DE 318 442 907',
  phone: '+49 711 555 0142',
  contactEmail: 'quotes@layerline.example',
  /** Where the shop's terms of sale are published (a page of this site). */
  termsPath: '/terms/',
  currency: 'eur',
  defaultPaymentTermsDays: 30,
  country: 'DE',
  /** `<html lang>` of every page and `inLanguage` of the guides' structured data. */
  language: 'en',
  /** Open Graph locale. */
  locale: 'en_GB',
  /** The brand colour of the wordmark, favicon, primary buttons and the mobile browser bar (`--color-brand` in src/styles/tokens.css). */
  brandColor: '#0d6166',
  /** What the shop prints with, for the home page and anywhere a short summary helps. */
  processes: ['FDM', 'SLS nylon', 'MJF', 'resin'],
  materials: ['PETG', 'ASA', 'PA12', 'PA12-GF', 'TPU', 'PC'],
} as const;

export type Site = typeof site;
