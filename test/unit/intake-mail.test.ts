import { describe, expect, it } from 'vitest';
import {
  approverNoteMail,
  bothRolesMail,
  shopNotificationMail,
  technicalReviewMail,
  type IntakeMailFacts,
} from '../../src/server/mail/templates/intake.js';
import type { EventRow } from '../../src/server/db/event-log.js';
import { summarizeEvent } from '../../src/server/requests/events.js';

const facts: IntakeMailFacts = {
  reference: 'PF-2026-0042',
  partName: 'Clip <b>v2</b> & "spare"\nSubject: injected',
  modeLabel: 'production quote',
  handoffNote: 'Technical review is still pending with the technical contact; no quote has been issued yet.',
  technical: { name: 'Tina <script>', email: 'tina@acme.example', company: 'Acme & Co' },
  purchasing: { name: "Paul O'Buyer", email: 'paul@acme.example', company: 'Acme & Co' },
};

describe('intake mail templates', () => {
  const all = [
    technicalReviewMail({ ...facts, reviewUrl: 'https://portal.example/review/?id=1#token=abc' }),
    approverNoteMail({ ...facts, statusUrl: 'https://portal.example/status/?id=1#token=def' }),
    bothRolesMail({
      ...facts,
      reviewUrl: 'https://portal.example/review/?id=1#token=abc',
      statusUrl: 'https://portal.example/status/?id=1#token=def',
    }),
    shopNotificationMail({
      ...facts,
      to: 'shop@printworks.example',
      requestUrl: 'https://portal.example/shop/request/?id=1',
      fileCount: 2,
      neededBy: '2027-03-31',
      sameContactForBothRoles: false,
      material: 'PETG',
      quantities: { openingLot: 50, total: 400, provisional: true },
      poStatus: 'issued',
      poNumber: 'PO-4411',
    }),
  ];

  it('escapes every user value in HTML and keeps it readable in text', () => {
    for (const mail of all) {
      expect(mail.html).not.toMatch(/<script|<b>v2/);
      expect(mail.html).toContain('Clip &lt;b&gt;v2&lt;/b&gt; &amp; &quot;spare&quot;');
      expect(mail.text).toContain('Clip <b>v2</b> & "spare"');
      // Each reader gets the note worded for them (see mail-words.test.ts); the shop reads it as is.
      expect(mail.text).toMatch(/Where things stand: .*no quote has been issued yet\./);
    }
  });

  it('keeps subjects on one line', () => {
    expect(all.map((mail) => mail.subject)).toMatchInlineSnapshot(`
      [
        "PF-2026-0042: please review "Clip <b>v2</b> & "spare" Subject: injected"",
        "PF-2026-0042: a quote request names you as purchasing approver",
        "PF-2026-0042: please review "Clip <b>v2</b> & "spare" Subject: injected" (you hold both roles)",
        "New request PF-2026-0042: Clip <b>v2</b> & "spare" Subject: injected (production quote)",
      ]
    `);
  });

  it('tells each role what is theirs and what is not', () => {
    const [technical, approver, both, shop] = all;
    expect(technical!.to).toBe('tina@acme.example');
    expect(technical!.text).toContain('Your review does not place an order or release anything');
    expect(approver!.to).toBe('paul@acme.example');
    expect(approver!.text).toContain('Nothing is yours to approve yet.');
    expect(approver!.text).not.toContain('/review/');
    expect(both!.to).toBe('tina@acme.example');
    expect(both!.text).toContain('technical contact AND purchasing approver');
    expect(both!.text).toContain('This link is for the technical review only. It does not release an order');
    expect(shop!.to).toBe('shop@printworks.example');
    expect(shop!.text).toContain("Purchasing approver: Paul O'Buyer, Acme & Co <paul@acme.example>");
  });
});

describe('event summaries', () => {
  const row = (type: string, payload: Record<string, unknown> = {}, role = 'system'): EventRow => ({
    id: 1,
    requestId: '00000000-0000-4000-8000-000000000000',
    type,
    role,
    actorName: null,
    actorEmail: null,
    quoteRevisionId: null,
    payload,
    ip: null,
    userAgent: null,
    createdAt: new Date(0),
  });

  it.each([
    [
      row('request_submitted', { reference: 'PF-2026-0001', mode: 'sample' }, 'requester'),
      'Request PF-2026-0001 submitted for a sample or first article.',
    ],
    [
      row('links_sent', { recipients: ['the technical contact', 'the purchasing approver'] }),
      'Links sent by email to the technical contact and the purchasing approver.',
    ],
    [
      row('mail_failed', { recipient: 'the shop' }),
      'An email to the shop could not be sent; the shop can resend the links.',
    ],
    [
      row('technical_review', { decision: 'sample_required' }, 'technical'),
      'Technical review: a sample is required before production.',
    ],
    [row('quote_issued', { scope: 'opening_lot', quantity: 50 }, 'shop'), 'Quote issued: opening lot, 50 pcs.'],
    [row('purchasing_accepted', { poNumber: 'PO-4411' }, 'purchasing'), 'Purchasing released the quote under PO-4411.'],
    [
      row('purchasing_hold', { reason: 'Budget review' }, 'purchasing'),
      'Purchasing put the quote on hold: Budget review.',
    ],
    [
      row('accepted_outside_portal', {}, 'stripe'),
      'The quote was marked accepted in Stripe outside the portal; this is not a purchasing release.',
    ],
    [row('invoice_fields_set', { invoiceId: 'in_1' }, 'system'), 'PO number and budget code put on the invoice.'],
    [
      row('release_step_failed', { step: 'accepted', kind: 'unavailable' }, 'system'),
      'Stripe did not answer during the release; the portal retries and completes the same invoice.',
    ],
    [
      row('release_failed', { message: 'The quote was canceled in Stripe' }, 'system'),
      'Stripe refused the release: The quote was canceled in Stripe.',
    ],
    [row('something_new'), 'something new.'],
  ])('%#: %s', (event, summary) => {
    expect(summarizeEvent(event)).toBe(summary);
  });
});
