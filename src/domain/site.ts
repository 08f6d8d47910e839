/**
 * The shop's own facts, used by pages, mail and the Stripe quote footer.
 * One place: change the shop's name or terms here and every surface follows.
 */
export const site = {
  name: 'Layerline Print Works',
  tagline: 'Custom 3D-printed parts for engineering teams: rough estimates, samples and production lots.',
  contactEmail: 'quotes@layerline.example',
  currency: 'eur',
  defaultPaymentTermsDays: 30,
  country: 'DE',
} as const;

export type Site = typeof site;
