/**
 * What every mail says to whom: the shop's identity in every footer, Reply-To the shop on every
 * customer mail, the handoff note spoken to its reader, PO numbers written once, one greeting per
 * recipient, and the shop's new-request mail with what it needs to triage.
 */
import { describe, expect, it } from 'vitest';
import { handoffNote } from '../../src/domain/handoff.js';
import { site } from '../../src/domain/site.js';
import type { WorkflowState } from '../../src/domain/workflow/state.js';
import { initialWorkflowState, replayEvents } from '../../src/domain/workflow/transitions.js';
import type { Actor, WorkflowEvent } from '../../src/domain/workflow/vocabulary.js';
import { noteFor, poLabel } from '../../src/server/mail/frame.js';
import type { MailMessage } from '../../src/server/mail/index.js';
import {
  approverNoteMail,
  bothRolesMail,
  shopNotificationMail,
  technicalReviewMail,
  type IntakeMailFacts,
} from '../../src/server/mail/templates/intake.js';
import {
  quoteApproverMail,
  quoteAwarenessMail,
  quoteCanceledMail,
  type QuoteMailFacts,
} from '../../src/server/mail/templates/quote-mails.js';
import {
  releaseMail,
  type ReleaseMailFacts,
  type ReleaseMailKind,
  type ReleaseMailRecipient,
} from '../../src/server/mail/templates/release-decision.js';
import { decisionApproverMail, decisionShopMail } from '../../src/server/mail/templates/review-decision.js';
import { sampleShippedMail } from '../../src/server/mail/templates/review-sample-shipped.js';
import { estimateMail } from '../../src/server/mail/templates/shop-estimate.js';
import { freshReviewLinkMail } from '../../src/server/mail/templates/shop-resend.js';
import { shopSignInMail } from '../../src/server/mail/templates/shop-sign-in.js';

const PENDING = 'Technical review is still pending with the technical contact; no quote has been issued yet.';
const tina = { name: 'Tina Technik', email: 'tina@acme.example', company: 'Acme Pumps GmbH' };
const paul = { name: 'Paul Purchase', email: 'paul@acme.example', company: 'Acme Pumps GmbH' };

const intake: IntakeMailFacts = {
  reference: 'PF-2026-0042',
  partName: 'Pump housing bracket',
  modeLabel: 'production quote',
  handoffNote: PENDING,
  technical: tina,
  purchasing: paul,
};

const quote: QuoteMailFacts = {
  reference: 'PF-2026-0042',
  partName: 'Pump housing bracket',
  revision: 1,
  scopeWords: 'opening lot',
  quantity: 50,
  currency: 'eur',
  amountTotalMinor: 240_000,
  leadTimeDays: 10,
  shippingTerms: 'DAP your site',
  paymentTermsDays: 30,
  expiresAt: new Date('2027-01-31T00:00:00Z'),
  handoffNote:
    'Technical review is still pending with the technical contact; commercial release is still pending with purchasing.',
  technical: tina,
  purchasing: paul,
  kind: 'issued',
};

const release = (kind: ReleaseMailKind): ReleaseMailFacts => ({
  reference: 'PF-2026-0042',
  partName: 'Pump housing bracket',
  lot: 'the opening lot of 50 pcs',
  total: '€2,400.00',
  decidedBy: { name: 'Paul Purchase', jobTitle: 'Buyer' },
  kind,
  handoffNote: 'Purchasing released the opening lot of 50 pcs under PO-4411; production waits for technical review.',
  readyForProduction: false,
});
const recipients: ReleaseMailRecipient[] = [
  { to: paul.email, name: paul.name, audience: 'purchasing' },
  { to: tina.email, name: tina.name, audience: 'technical' },
  { to: 'shop@localhost', name: 'the shop', audience: 'shop' },
];
const released: ReleaseMailKind = {
  type: 'released',
  poNumber: 'PO-4411',
  budgetCode: '',
  invoiceNumber: 'EMU-0001',
  invoiceUrl: 'https://invoice.example/1',
};

const decision = {
  reference: 'PF-2026-0042',
  partName: 'Pump housing bracket',
  kind: { type: 'first_article', decision: 'accepted', checked: [] },
  decidedBy: { name: tina.name, company: tina.company },
  fileNames: [],
  handoffNote: 'The first article was accepted; commercial release is still pending with purchasing.',
  purchasing: paul,
  sameContactForBothRoles: false,
  supersedes: false,
  quoteOpen: true,
} as const;

const customerMails: MailMessage[] = [
  technicalReviewMail({ ...intake, reviewUrl: 'https://portal.example/review/?id=1#token=a' }),
  approverNoteMail({ ...intake, statusUrl: 'https://portal.example/status/?id=1#token=b' }),
  bothRolesMail({ ...intake, reviewUrl: 'https://r.example', statusUrl: 'https://s.example' }),
  estimateMail({
    to: tina,
    audience: 'technical',
    reference: 'PF-2026-0042',
    partName: 'Pump housing bracket',
    quantity: 50,
    material: 'PETG',
    currency: 'eur',
    lowMinor: 240_000,
    highMinor: 390_000,
    leadDaysMin: 5,
    leadDaysMax: 9,
    assumptions: ['Printed in PETG (FDM), 0.2 mm layers.'],
    handoffNote:
      'Technical review is still pending with the technical contact; a rough estimate was sent, which is not an order.',
  }),
  quoteApproverMail({ ...quote, releaseUrl: 'https://portal.example/release/?id=1#token=c' }),
  quoteAwarenessMail(quote),
  quoteCanceledMail({ ...quote, to: paul, audience: 'purchasing' }),
  ...recipients.filter((r) => r.audience !== 'shop').map((r) => releaseMail(release(released), r)),
  decisionApproverMail(decision),
  sampleShippedMail({
    reference: 'PF-2026-0042',
    partName: 'Pump housing bracket',
    technical: tina,
    purchasing: paul,
    sameContactForBothRoles: false,
    reviewUrl: 'https://portal.example/review/?id=1#token=d',
    handoffNote: 'The sample has shipped and awaits the technical contact’s verdict; no quote has been issued yet.',
  }),
  freshReviewLinkMail({
    to: tina,
    reference: 'PF-2026-0042',
    partName: 'Pump housing bracket',
    reviewUrl: 'https://portal.example/review/?id=1#token=e',
    handoffNote: PENDING,
  }),
];

const shopNotification = shopNotificationMail({
  ...intake,
  to: 'shop@localhost',
  requestUrl: 'https://portal.example/shop/request/?id=0b0e',
  fileCount: 2,
  neededBy: '2027-03-31',
  sameContactForBothRoles: false,
  material: 'PETG',
  quantities: { openingLot: 50, total: 400, provisional: true },
  poStatus: 'issued',
  poNumber: 'PO-4411',
});
const shopMails: MailMessage[] = [
  shopNotification,
  releaseMail(release(released), recipients[2]!),
  decisionShopMail({ ...decision, to: 'shop@localhost', shopUrl: 'https://portal.example/shop/request/?id=1' }),
  shopSignInMail({
    to: 'shop@localhost',
    url: 'https://portal.example/shop/#token=abc',
    expiresAt: new Date('2027-01-01T10:15:00Z'),
  }),
];

describe('every mail', () => {
  it.each([...customerMails, ...shopMails].map((mail) => [mail.subject, mail] as const))(
    'ends with the shop’s identity: %s',
    (_subject, mail) => {
      for (const body of [mail.text, mail.html]) {
        expect(body).toContain(site.legalName);
        expect(body).toContain(site.address.street);
        expect(body).toContain(`${site.address.postalCode} ${site.address.city}`);
        expect(body).toContain(site.vatId);
        expect(body).toContain(site.phone);
        expect(body).toContain(site.contactEmail);
        expect(body).toMatch(new RegExp(`https?://[^\\s"]+${site.termsPath}`));
      }
    },
  );

  it('has a one-line subject that names the reference', () => {
    expect([...customerMails, ...shopMails].map((mail) => mail.subject)).toMatchInlineSnapshot(`
      [
        "PF-2026-0042: please review "Pump housing bracket"",
        "PF-2026-0042: a quote request names you as purchasing approver",
        "PF-2026-0042: please review "Pump housing bracket" (you hold both roles)",
        "PF-2026-0042: rough estimate (not an order) for "Pump housing bracket"",
        "PF-2026-0042: quote (revision 1) for your release",
        "PF-2026-0042: quote sent to Paul Purchase (for your information)",
        "PF-2026-0042: quote revision 1 canceled",
        "PF-2026-0042: you released the order (PO-4411)",
        "PF-2026-0042: purchasing released the order (PO-4411)",
        "PF-2026-0042: technical update (First article accepted), for your information",
        "PF-2026-0042: your sample has shipped; please accept or reject it",
        "PF-2026-0042: a fresh link for your technical review",
        "New request PF-2026-0042: Pump housing bracket (production quote)",
        "PF-2026-0042: purchasing released the order (PO-4411)",
        "PF-2026-0042: First article accepted by Tina Technik",
        "Sign in to the Layerline Print Works shop back office",
      ]
    `);
  });

  it('to a customer has Reply-To the shop, so "reply to this email" reaches it', () => {
    for (const mail of customerMails) expect(mail.replyTo, mail.subject).toBe(site.contactEmail);
  });

  it('to the shop has no Reply-To', () => {
    for (const mail of shopMails) expect(mail.replyTo, mail.subject).toBeUndefined();
  });

  it('to a customer never speaks of its reader in the third person', () => {
    const technicalMails = [0, 3, 5, 8, 10, 11].map((index) => customerMails[index]);
    const [, , , , , , , toPaul, toTina] = customerMails;
    for (const mail of technicalMails) {
      expect(mail!.text, mail!.subject).not.toMatch(
        /pending with the technical contact|the technical contact’s verdict/,
      );
    }
    expect(customerMails[0]!.text).toContain(
      'Where things stand: Your technical review is still pending; no quote has been issued yet.',
    );
    expect(customerMails[10]!.text).toContain('awaits your verdict');
    expect(customerMails[4]!.text).toContain(
      'Where things stand: Technical review is still pending with the technical contact; the commercial release is still pending with you.',
    );
    expect(toPaul!.text).toContain('You released the opening lot of 50 pcs under PO-4411');
    expect(toTina!.text).toContain('production waits for your technical review');
  });
});

describe('handoff note for its reader', () => {
  const technical: Actor = { role: 'technical', email: 'tina@acme.example' };
  const purchasing: Actor = { role: 'purchasing', email: 'paul@acme.example' };
  const shop: Actor = { role: 'shop' };
  const issue: WorkflowEvent = {
    type: 'quote_issued',
    actor: shop,
    revisionId: 'q1',
    scope: 'opening_lot',
    quantity: 50,
  };
  const accept: WorkflowEvent = { type: 'purchasing_accepted', actor: purchasing, revisionId: 'q1', poNumber: '4411' };
  const sampleFirst: WorkflowEvent = { type: 'technical_review', actor: technical, decision: 'sample_required' };
  const shipped: WorkflowEvent = { type: 'sample_shipped', actor: shop };
  const histories: WorkflowEvent[][] = [
    [],
    [issue],
    [issue, { type: 'purchasing_hold', actor: purchasing, revisionId: 'q1', reason: 'Budget' }],
    [issue, { type: 'purchasing_declined', actor: purchasing, revisionId: 'q1', reason: 'x' }],
    [issue, accept],
    [sampleFirst, issue],
    [sampleFirst, shipped, issue, accept],
    [sampleFirst, shipped, { type: 'first_article', actor: technical, decision: 'rejected' }, issue, accept],
    [{ type: 'technical_review', actor: technical, decision: 'changes_requested' }, issue, accept],
    [{ type: 'technical_review', actor: technical, decision: 'direction_confirmed' }, issue, accept],
  ];
  const notes = histories.map((events) => {
    const roles = {
      technicalEmail: tina.email,
      purchasingEmail: paul.email,
      sameContactForBothRoles: false,
    };
    const { state, refused }: { state: WorkflowState; refused: unknown[] } = replayEvents(
      initialWorkflowState({ mode: 'production', roles }),
      events,
    );
    expect(refused).toEqual([]);
    return handoffNote(state, { unit: 'pcs' });
  });

  it.each(notes)('speaks to the technical contact and to purchasing: %s', (note) => {
    const toTechnical = noteFor(note, 'technical');
    const toPurchasing = noteFor(note, 'purchasing');
    const toBoth = noteFor(note, 'both_roles');
    expect(toTechnical).not.toMatch(/the technical contact/);
    expect(toPurchasing).not.toMatch(/with purchasing|^Purchasing |purchasing (released|put|declined)/);
    expect(toBoth).not.toMatch(/the technical contact|with purchasing|^Purchasing /);
    for (const text of [toTechnical, toPurchasing, toBoth]) expect(text).not.toMatch(/[Yy]our your|you you/);
    expect(noteFor(note, 'shop')).toBe(note);
  });

  it('words the common notes', () => {
    expect(notes.slice(0, 2).map((note) => noteFor(note, 'technical'))).toMatchInlineSnapshot(`
      [
        "Your technical review is still pending; no quote has been issued yet.",
        "Your technical review is still pending; commercial release is still pending with purchasing.",
      ]
    `);
    expect(notes.slice(1, 5).map((note) => noteFor(note, 'purchasing'))).toMatchInlineSnapshot(`
      [
        "Technical review is still pending with the technical contact; the commercial release is still pending with you.",
        "Technical review is still pending with the technical contact; you put the quote on hold.",
        "Technical review is still pending with the technical contact; you declined the quote.",
        "You released the opening lot of 50 pcs under PO 4411; production waits for technical review.",
      ]
    `);
  });
});

describe('PO numbers', () => {
  it.each([
    ['4411', 'PO 4411'],
    ['PO-4411', 'PO-4411'],
    ['PO 4411', 'PO 4411'],
    ['po4411', 'po4411'],
    [' 4500012345 ', 'PO 4500012345'],
  ])('%j is written %j', (typed, written) => {
    expect(poLabel(typed)).toBe(written);
  });

  it('are never doubled in subjects', () => {
    const subjects = ['PO-4411', '4411', ''].flatMap((poNumber) =>
      recipients.map((r) => releaseMail(release({ ...released, poNumber }), r).subject),
    );
    expect(subjects.join('\n')).not.toMatch(/PO PO/);
    expect(subjects).toMatchInlineSnapshot(`
      [
        "PF-2026-0042: you released the order (PO-4411)",
        "PF-2026-0042: purchasing released the order (PO-4411)",
        "PF-2026-0042: purchasing released the order (PO-4411)",
        "PF-2026-0042: you released the order (PO 4411)",
        "PF-2026-0042: purchasing released the order (PO 4411)",
        "PF-2026-0042: purchasing released the order (PO 4411)",
        "PF-2026-0042: you released the order",
        "PF-2026-0042: purchasing released the order",
        "PF-2026-0042: purchasing released the order",
      ]
    `);
  });
});

describe('release and payment mails', () => {
  const kinds: ReleaseMailKind[] = [
    released,
    { type: 'hold', reason: 'Waiting for budget' },
    { type: 'declined', reason: 'Lead time too long' },
    { type: 'paid', invoiceNumber: 'EMU-0001' },
  ];

  it('greet each recipient in their own words, never "Hello shop team"', () => {
    for (const kind of kinds) {
      const [toPaul, toTina, toShop] = recipients.map((r) => releaseMail(release(kind), r));
      expect(toPaul!.text).toMatch(/^Hello Paul Purchase,/);
      expect(toTina!.text).toMatch(/^Hello Tina Technik,/);
      expect(toShop!.text).not.toMatch(/Hello/);
      expect(toShop!.html).not.toMatch(/Hello/);
      expect(new Set([toPaul!.text, toTina!.text, toShop!.text]).size).toBe(3);
    }
  });

  it('thank the payer, inform the technical contact, and tell the shop', () => {
    const [toPaul, toTina, toShop] = recipients.map((r) => releaseMail(release(kinds[3]!), r));
    expect(toPaul!.text).toContain('Thank you: we received your payment of €2,400.00 for invoice EMU-0001');
    expect(toTina!.text).toContain('For your information: Paul Purchase (purchasing) paid invoice EMU-0001');
    expect(toShop!.text).toMatch(/^Invoice EMU-0001 for the opening lot of 50 pcs .* is paid in Stripe\./);
    expect([toPaul!.subject, toTina!.subject, toShop!.subject]).toMatchInlineSnapshot(`
      [
        "PF-2026-0042: invoice EMU-0001 paid, thank you",
        "PF-2026-0042: invoice EMU-0001 paid (for your information)",
        "PF-2026-0042: invoice EMU-0001 paid",
      ]
    `);
  });

  it('say "you" to the approver who decided', () => {
    const hold = releaseMail(release(kinds[1]!), recipients[0]!);
    expect(hold.text).toContain('You put the quote for the opening lot of 50 pcs of "Pump housing bracket" on hold.');
    const toShop = releaseMail(release(kinds[1]!), recipients[2]!);
    expect(toShop.text).toContain('Paul Purchase (Buyer) put the quote');
  });
});

describe('the shop’s new-request mail', () => {
  it('has the quantity, the PO status and the material, and links to the request', () => {
    expect(shopNotification.text).toContain('Quantity: opening lot 50, total 400 (provisional) pcs');
    expect(shopNotification.text).toContain('Purchase order: Purchase order issued (PO-4411)');
    expect(shopNotification.text).toContain('Material: PETG');
    expect(shopNotification.text).toContain('Open the request: https://portal.example/shop/request/?id=0b0e');
    expect(shopNotification.html).toContain('href="https://portal.example/shop/request/?id=0b0e"');
    expect(shopNotification.text).not.toMatch(/\/shop\/(\s|$)/);
  });

  it('says so when the customer asked the shop to choose the material', () => {
    const mail = shopNotificationMail({
      ...intake,
      to: 'shop@localhost',
      requestUrl: 'https://portal.example/shop/request/?id=1',
      fileCount: 0,
      neededBy: '2027-03-31',
      sameContactForBothRoles: true,
      material: 'help_me_choose',
      quantities: { sample: 2, provisional: false },
      poStatus: 'none',
    });
    expect(mail.text).toContain('Material: help me choose (the shop recommends one)');
    expect(mail.text).toContain('Quantity: sample 2 pcs');
    expect(mail.text).toContain('Purchase order: No purchase order yet');
  });
});
