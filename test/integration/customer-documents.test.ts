/**
 * What reaches a customer, end to end over HTTP: the rough-estimate and quote mails as the runtime
 * writes them to the outbox, the status page's and the release page's replies, and the quote PDF.
 * None of it may carry the shop's cost basis (content/shop/pricing.json: rates, capacity, quantity
 * breaks, prices per cm³, build rates), which the shop's own view does show, labelled internal.
 * The quote PDF is read as a viewer reads it (pdf.js through unpdf): the shop's identity, the
 * customer's company, the terms in full and "€".
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { site } from '../../src/domain/site.js';
import type { ShopRequestView } from '../../src/server/inbox/get-shop-request.js';
import { costBasisIn } from '../support/cost-basis.js';
import { getJson } from '../support/intake.js';
import { quoteForm, releaseLinkFor, staffOf } from '../support/release.js';
import { createRequestWithLinks, type CreatedRequest } from '../support/review.js';
import { startTestServer, type TestServer } from '../support/server.js';
import type { ShopClient } from '../support/shop.js';
import { tokenOf } from '../support/intake.js';

let server: TestServer;
let staff: ShopClient;
let request: CreatedRequest;
let shopView: ShopRequestView;
let releaseToken: string;
let revisionId: string;

interface Mail {
  to: string;
  replyTo: string;
  subject: string;
  text: string;
  html: string;
}

/** Every mail the runtime wrote, parsed from its .eml file as a mail client would. */
async function mails(): Promise<Mail[]> {
  const dir = path.join(server.dataDir, 'outbox');
  const names = (await readdir(dir)).filter((name) => name.endsWith('.eml'));
  return Promise.all(
    names.map(async (name) => {
      const parsed = await simpleParser(await readFile(path.join(dir, name)));
      const to = Array.isArray(parsed.to) ? parsed.to.map((a) => a.text).join(', ') : (parsed.to?.text ?? '');
      return {
        to,
        replyTo: parsed.replyTo?.text ?? '',
        subject: parsed.subject ?? '',
        text: parsed.text ?? '',
        html: typeof parsed.html === 'string' ? parsed.html : '',
      };
    }),
  );
}

const CUSTOMERS = ['tina@acme.example', 'paul@acme.example'];

beforeAll(async () => {
  server = await startTestServer();
  staff = await staffOf(server);
  // PETG for a part exposed to heat: the proposal carries a material warning for staff.
  request = await createRequestWithLinks(server, { mode: 'rough_estimate' });
  const detail = await staff.call<ShopRequestView>('GET', `/api/shop/requests/${request.id}`);
  expect(detail.status).toBe(200);
  shopView = detail.body;
  const proposal = shopView.estimate;

  // What the estimate editor sends when staff keep the proposal as it is, plus what a tampered
  // form might add: the internal costing has no field in the schema and is dropped.
  const sent = await staff.call('POST', `/api/shop/requests/${request.id}/estimate`, {
    sendId: crypto.randomUUID(),
    quantity: proposal.quantity,
    low: String(proposal.totalMinor.low / 100),
    high: String(proposal.totalMinor.high / 100),
    leadDaysMin: proposal.leadDays.min,
    leadDaysMax: proposal.leadDays.max,
    material: proposal.material.name,
    assumptions: proposal.assumptions,
    internal: proposal.internal,
  });
  expect(sent.status).toBe(201);

  const quote = await staff.call<{ id: string }>(
    'POST',
    `/api/shop/requests/${request.id}/quotes`,
    quoteForm({ note: 'Price holds for repeat lots within twelve months.' }),
  );
  expect(quote.status).toBe(201);
  revisionId = quote.body.id;
  releaseToken = tokenOf(await releaseLinkFor(server, revisionId));
});

afterAll(async () => {
  await server?.close();
});

describe('the shop’s cost basis', () => {
  it('is in the shop’s own view, kept apart as internal costing', () => {
    const internal = [...shopView.estimate.internal.notes, ...shopView.estimate.internal.warnings].join('\n');
    // The patterns find what they look for: rates, capacity, breaks, the heat warning.
    expect(costBasisIn(internal).length).toBeGreaterThanOrEqual(4);
    expect(shopView.estimate.internal.warnings.join(' ')).toMatch(/PETG is not rated for heat/);
    expect(costBasisIn(shopView.estimate.assumptions.join('\n'))).toEqual([]);
  });

  it('is stored nowhere in the sent estimate: only the customer-facing fields', async () => {
    const detail = await staff.call<ShopRequestView>('GET', `/api/shop/requests/${request.id}`);
    const stored = detail.body.estimatesSent[0] ?? {};
    expect(Object.keys(stored).sort()).toEqual(
      [
        'assumptions',
        'at',
        'by',
        'currency',
        'highMinor',
        'leadDaysMax',
        'leadDaysMin',
        'lowMinor',
        'material',
        'quantity',
        'sendId',
      ].sort(),
    );
    expect(stored.assumptions).toEqual(shopView.estimate.assumptions);
  });

  it('is in no mail to the technical contact or the purchasing approver', async () => {
    const toCustomers = (await mails()).filter((mail) => CUSTOMERS.some((address) => mail.to.includes(address)));
    const subjects = toCustomers.map((mail) => mail.subject);
    expect(subjects.filter((s) => /rough estimate/.test(s))).toHaveLength(2);
    expect(subjects.some((s) => /for your release/.test(s))).toBe(true);
    expect(subjects.some((s) => /for your information/.test(s))).toBe(true);
    for (const mail of toCustomers) {
      expect(costBasisIn(`${mail.subject}\n${mail.text}\n${mail.html}`), mail.subject).toEqual([]);
    }
    const estimate = toCustomers.find((mail) => /rough estimate/.test(mail.subject));
    expect(estimate?.text).toContain('Printed in PETG (FDM), 0.2 mm layers.');
    expect(estimate?.text).not.toMatch(/not rated for heat/);
  });

  it('is in neither the status page’s nor the release page’s reply', async () => {
    const status = await getJson(server.url, `/api/requests/${request.id}`, request.statusToken);
    expect(status.status).toBe(200);
    expect(costBasisIn(JSON.stringify(status.body))).toEqual([]);
    const release = await getJson<unknown>(server.url, `/api/quotes/${revisionId}`, releaseToken);
    expect(release.status).toBe(200);
    expect(costBasisIn(JSON.stringify(release.body))).toEqual([]);
  });
});

describe('customer mails', () => {
  it('have Reply-To the shop and end with its identity', async () => {
    const toCustomers = (await mails()).filter((mail) => CUSTOMERS.some((address) => mail.to.includes(address)));
    expect(toCustomers.length).toBeGreaterThanOrEqual(5);
    for (const mail of toCustomers) {
      expect(mail.replyTo, mail.subject).toBe(site.contactEmail);
      expect(mail.text, mail.subject).toContain(site.legalName);
      expect(mail.text, mail.subject).toContain(site.vatId);
    }
  });
});

describe('the quote PDF', () => {
  let text = '';

  beforeAll(async () => {
    const reply = await fetch(`${server.url}/api/quotes/${revisionId}/pdf`, {
      headers: { authorization: `Bearer ${releaseToken}` },
    });
    expect(reply.status).toBe(200);
    const pdf = await getDocumentProxy(new Uint8Array(await reply.arrayBuffer()));
    text = (await extractText(pdf, { mergePages: true })).text;
  });

  it('shows who issues it: the shop’s legal name, address and VAT id', () => {
    expect(text).toContain(site.legalName);
    expect(text).toContain(`${site.address.street}, ${site.address.postalCode} ${site.address.city}`);
    expect(text).toContain(site.vatId);
  });

  it('is addressed to the customer’s company, with prices in €', () => {
    expect(text).toContain('Acme Pumps GmbH');
    expect(text).toContain('paul@acme.example');
    expect(text).toContain('€12.40');
    expect(text).toContain('Total: €620.00');
    expect(text).not.toContain('?');
  });

  it('prints the terms in full, however long, and the expiry', () => {
    for (const words of [
      'Lead time: 10 working days after purchasing release.',
      'Shipping: DAP your site, shipping included.',
      'Payment: net 30 days.',
      'Price holds for repeat lots within twelve months.',
      'A technical approval is not an order.',
    ]) {
      expect(text.replace(/\s+/g, ' ')).toContain(words);
    }
    expect(text).toMatch(/This quote expires on \d{4}-\d{2}-\d{2}\./);
  });

  it('carries none of the cost basis', () => {
    expect(costBasisIn(text)).toEqual([]);
  });
});
