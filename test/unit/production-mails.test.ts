/**
 * The production track's mails to the customer contacts: what shipped or arrived, the lot's progress,
 * the tracking page as a link only when the shop gave one, every value escaped, Reply-To the shop.
 */
import { describe, expect, it } from 'vitest';
import { site } from '../../src/domain/site.js';
import {
  lotDeliveredMail,
  lotShippedMail,
  type ShipmentMailFacts,
} from '../../src/server/mail/templates/production-mails.js';

const facts = (over: Partial<ShipmentMailFacts> = {}): ShipmentMailFacts => ({
  to: { name: 'Paul Purchase', email: 'paul@acme.example' },
  reference: 'PF-2026-0042',
  partName: 'Pump housing bracket',
  lotWords: 'opening lot',
  released: 50,
  shipped: 30,
  remaining: 20,
  shipment: {
    carrier: 'DHL',
    trackingReference: 'JD0001',
    quantity: 30,
    trackingUrl: 'https://dhl.example/t?id=JD0001',
  },
  statusUrl: 'https://portal.example/status/?id=1#token=s',
  ...over,
});

describe('production mails', () => {
  it('a shipment: pieces, tracking with its page, what is still to come, the status link', () => {
    const mail = lotShippedMail(facts());
    expect(mail.to).toBe('paul@acme.example');
    expect(mail.replyTo).toBe(site.contactEmail);
    expect(mail.subject).toBe('PF-2026-0042: 30 pcs of your opening lot have shipped');
    expect(mail.text).toContain('Carrier: DHL, tracking reference: JD0001');
    expect(mail.text).toContain('Track it: https://dhl.example/t?id=JD0001');
    expect(mail.text).toContain("Of the opening lot's 50 pcs, 30 have shipped and 20 are still to come.");
    expect(mail.text).toContain('https://portal.example/status/?id=1#token=s');
    expect(mail.html).toContain('<a href="https://dhl.example/t?id=JD0001">track it</a>');
  });

  it('the last shipment says the lot has shipped; without a tracking page there is no link to one', () => {
    const mail = lotShippedMail(
      facts({ shipped: 50, remaining: 0, shipment: { carrier: 'UPS', trackingReference: '1Z9', quantity: 20 } }),
    );
    expect(mail.text).toContain('All 50 pcs of the opening lot have now shipped.');
    expect(mail.text).not.toContain('Track it');
    expect(mail.html).not.toContain('track it</a>');
  });

  it('a delivery names the day; values a person typed are escaped in the HTML', () => {
    const mail = lotDeliveredMail(
      facts({
        shipment: { carrier: '<b>Kurier</b>', trackingReference: 'A&B', quantity: 30, deliveredOn: '2026-03-05' },
      }),
    );
    expect(mail.subject).toBe('PF-2026-0042: 30 pcs of your opening lot were delivered');
    expect(mail.text).toContain('was delivered on 5 March 2026.');
    expect(mail.html).toContain('&lt;b&gt;Kurier&lt;/b&gt;');
    expect(mail.html).toContain('A&amp;B');
    expect(mail.html).not.toContain('<b>Kurier</b>');
  });
});
