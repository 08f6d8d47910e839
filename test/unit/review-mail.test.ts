import { describe, expect, it } from 'vitest';
import {
  decisionApproverMail,
  decisionShopMail,
  notAuthorisedSentences,
  type DecisionMailFacts,
} from '../../src/server/mail/templates/review-decision.js';
import { sampleShippedMail } from '../../src/server/mail/templates/review-sample-shipped.js';

function facts(overrides: Partial<DecisionMailFacts> = {}): DecisionMailFacts {
  return {
    reference: 'PF-2026-0042',
    partName: 'Pump housing bracket',
    kind: {
      type: 'technical_review',
      decision: 'sample_required',
      checklist: {
        conceptSolvesProblem: 'yes',
        rightVersion: 'unsure',
        materialFitsEnvironment: 'no',
        sampleNeeded: 'yes',
        remainingUnknowns: ['heat', 'fit'],
      },
    },
    decidedBy: { name: 'Tina Technik', company: 'Acme Pumps GmbH' },
    notes: 'Try PA12 <b>near</b> the heater.',
    fileNames: ['markup.png'],
    handoffNote: 'Technical review asked for a sample first; no quote has been issued yet.',
    purchasing: { name: 'Paul Purchase', email: 'paul@acme.example' },
    sameContactForBothRoles: false,
    supersedes: false,
    quoteOpen: false,
    ...overrides,
  };
}

describe('decision mails', () => {
  it('the shop mail carries the decision, checklist, notes, files, handoff note and what it does not authorise', () => {
    const mail = decisionShopMail({
      ...facts(),
      to: 'shop@localhost',
      shopUrl: 'https://portal.example/shop/request/?id=1',
    });
    expect(mail.to).toBe('shop@localhost');
    expect(mail.subject).toBe('PF-2026-0042: Sample first by Tina Technik');
    expect(mail.text).toMatchInlineSnapshot(`
      "Tina Technik (Acme Pumps GmbH), the technical contact, recorded a decision on PF-2026-0042 (Pump housing bracket).

      Decision: Sample first
      - Does the part concept solve the actual problem? Yes
      - Do the screenshots or dimensions point at the right version? Not sure
      - Does the material fit the environment? No
      - Is a sample needed before quantity production? Yes
      - Unknowns that remain: heat, fit

      Notes:
      Try PA12 <b>near</b> the heater.

      Files added: markup.png

      What this does not authorise: This is technical feedback, not an order release. It does not accept a price, quantity, delivery date or terms, and it does not authorise production or invoicing. Only Paul Purchase (purchasing approver) can release the order, by accepting a quote through their own purchasing link.

      Where things stand: Technical review asked for a sample first; no quote has been issued yet.

      Do not start production or invoice on the strength of this decision alone; wait for the purchasing release in the portal.
      Open the request: https://portal.example/shop/request/?id=1

      --
      Layerline Print Works GmbH · Werkstraße 12, 70565 Stuttgart, Germany
      VAT ID DE 318 442 907 · +49 711 555 0142 · quotes@layerline.example
      Terms of sale: http://localhost:4321/terms/
      "
    `);
  });

  it('escapes the person’s words in HTML', () => {
    const mail = decisionShopMail({
      ...facts(),
      to: 'shop@localhost',
      shopUrl: 'https://portal.example/shop/request/?id=1',
    });
    expect(mail.html).toContain('Try PA12 &lt;b&gt;near&lt;/b&gt; the heater.');
    expect(mail.html).not.toContain('<b>near</b>');
  });

  it('the approver mail is for awareness and says when a quote is open', () => {
    const closed = decisionApproverMail(facts());
    expect(closed.to).toBe('paul@acme.example');
    expect(closed.text).toContain('nothing is asked of you by it');
    expect(closed.text).toContain('When the shop sends a quote');
    const open = decisionApproverMail(facts({ quoteOpen: true }));
    expect(open.text).toContain('A quote is open for your decision');
  });

  it('for one person in both roles, says the release is a separate, explicit step', () => {
    const mail = decisionApproverMail(
      facts({ sameContactForBothRoles: true, purchasing: { name: 'Tina Technik', email: 'tina@acme.example' } }),
    );
    expect(mail.to).toBe('tina@acme.example');
    expect(mail.text).toContain('you recorded a technical decision');
    expect(mail.text).toContain('the release is a separate, explicit step on the quote');
    expect(mail.text).not.toContain('Only Tina Technik (purchasing approver)');
  });

  it('first-article mails name the verdict and what was checked, and mark a superseded verdict', () => {
    const mail = decisionShopMail({
      ...facts({ kind: { type: 'first_article', decision: 'accepted', checked: ['fit', 'load'] }, supersedes: true }),
      to: 'shop@localhost',
      shopUrl: 'https://portal.example/shop/',
    });
    expect(mail.subject).toContain('First article accepted');
    expect(mail.text).toContain('Checked on the sample: fit, load');
    expect(mail.text).toContain('replaces the earlier decision');
    expect(
      notAuthorisedSentences(facts({ kind: { type: 'first_article', decision: 'rejected', checked: [] } }))[0],
    ).toBe('This verdict on the sample is technical feedback, not an order release.');
  });
});

describe('sample shipped mail', () => {
  it('gives the technical contact the link, tracking, and what accepting does not do', () => {
    const mail = sampleShippedMail({
      reference: 'PF-2026-0042',
      partName: 'Pump housing bracket',
      technical: { name: 'Tina Technik', email: 'tina@acme.example' },
      purchasing: { name: 'Paul Purchase' },
      sameContactForBothRoles: false,
      trackingReference: '00340434',
      carrier: 'DHL',
      reviewUrl: 'https://portal.example/review/?id=1#token=abc',
      handoffNote: 'The sample has shipped.',
    });
    expect(mail.to).toBe('tina@acme.example');
    expect(mail.text).toContain('tracking: DHL 00340434');
    expect(mail.text).toContain('https://portal.example/review/?id=1#token=abc');
    expect(mail.text).toContain('only Paul Purchase (purchasing) can do that');
    expect(mail.html).toContain('href="https://portal.example/review/?id=1#token=abc"');
  });
});
