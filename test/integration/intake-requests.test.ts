/**
 * POST /api/requests and GET /api/requests/:id over HTTP: validation paths, file attachment rules,
 * idempotent drafts, references under concurrency, one mail per role with a working link, the role
 * view, and links that must not work.
 */
import { randomUUID } from 'node:crypto';
import { and, count, eq } from '../../src/server/db/orm.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxMessage } from '../../src/dev/outbox.js';
import { getDb } from '../../src/server/db/index.js';
import { events, files, requests } from '../../src/server/db/schema.js';
import { issueLink, revokeLinks } from '../../src/server/links/index.js';
import { deliveredMails, startTestServer, type TestServer } from '../support/server.js';
import { mailsTo } from '../support/shop.js';
import { getJson, pngBytes, postJson, tokenOf, upload, validRequest } from '../support/intake.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

/** A request whose contacts are unique to this test, so its mails can be told apart in the outbox. */
function requestFor(tag: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const base = validRequest();
  return {
    ...base,
    technicalContact: { ...(base.technicalContact as object), email: `tech-${tag}@acme.example` },
    purchasingApprover: { ...(base.purchasingApprover as object), email: `buyer-${tag}@acme.example` },
    ...overrides,
  };
}

async function mailsMentioning(reference: string): Promise<OutboxMessage[]> {
  return (await deliveredMails(server)).filter((mail) => mail.subject.includes(reference));
}

function linkIn(mail: OutboxMessage, page: string): string {
  const link = mail.links.find((candidate) => candidate.includes(page));
  if (!link) throw new Error(`no ${page} link in "${mail.subject}"`);
  return link;
}

const year = new Date().getUTCFullYear();
const deep = (body: Record<string, unknown>, key: string, patch: Record<string, unknown>) => ({
  ...body,
  [key]: { ...(body[key] as object), ...patch },
});

describe('POST /api/requests validation', () => {
  const base = validRequest();
  const cases: [string, Record<string, unknown>, string][] = [
    ['an unknown mode', { ...base, mode: 'bulk' }, 'mode'],
    ['an empty part name', deep(base, 'part', { name: '  ' }), 'part.name'],
    ['a missing problem', deep(base, 'part', { problem: undefined }), 'part.problem'],
    ['an unknown part kind', deep(base, 'part', { kind: 'spare' }), 'part.kind'],
    ['a zero length', deep(base, 'part', { size: { lengthMm: 0, widthMm: 10, heightMm: 10 } }), 'part.size.lengthMm'],
    [
      'a width over 2000 mm',
      deep(base, 'part', { size: { lengthMm: 10, widthMm: 2001, heightMm: 10 } }),
      'part.size.widthMm',
    ],
    [
      'a height that is text',
      deep(base, 'part', { size: { lengthMm: 10, widthMm: 10, heightMm: '12' } }),
      'part.size.heightMm',
    ],
    ['an empty material', deep(base, 'part', { material: '' }), 'part.material'],
    [
      'a heat flag that is not a boolean',
      deep(base, 'part', {
        environment: { heat: 'yes', load: false, motion: false, outdoorUv: false, chemicals: false },
      }),
      'part.environment.heat',
    ],
    ['a finish over 300 characters', deep(base, 'part', { finish: 'x'.repeat(301) }), 'part.finish'],
    ['a zero total', { ...base, quantities: { total: 0, provisional: false } }, 'quantities.total'],
    [
      'a fractional opening lot',
      { ...base, quantities: { openingLot: 1.5, provisional: false } },
      'quantities.openingLot',
    ],
    [
      'an opening lot over the total',
      { ...base, quantities: { openingLot: 600, total: 500, provisional: false } },
      'quantities.openingLot',
    ],
    ['production without a quantity', { ...base, quantities: { provisional: false } }, 'quantities.total'],
    [
      'a sample request without a sample quantity',
      { ...base, mode: 'sample', quantities: { provisional: false } },
      'quantities.sample',
    ],
    ['a missing provisional flag', { ...base, quantities: { total: 5 } }, 'quantities.provisional'],
    ['a needed-by date in the past', { ...base, neededBy: '2020-01-01' }, 'neededBy'],
    ['a needed-by date that does not exist', { ...base, neededBy: `${year + 1}-02-30` }, 'neededBy'],
    ['a needed-by date in another format', { ...base, neededBy: '31.03.2027' }, 'neededBy'],
    [
      'a technical email without @',
      deep(base, 'technicalContact', { email: 'tina.acme.example' }),
      'technicalContact.email',
    ],
    [
      'a technical phone with letters',
      deep(base, 'technicalContact', { phone: 'call me maybe' }),
      'technicalContact.phone',
    ],
    ['an empty technical company', deep(base, 'technicalContact', { company: '' }), 'technicalContact.company'],
    ['an empty technical name', deep(base, 'technicalContact', { name: '' }), 'technicalContact.name'],
    ['an approver without a name', deep(base, 'purchasingApprover', { name: '' }), 'purchasingApprover.name'],
    ['an approver with a bad email', deep(base, 'purchasingApprover', { email: 'x@' }), 'purchasingApprover.email'],
    [
      'an approver with the technical email, undeclared',
      deep(base, 'purchasingApprover', { email: 'TINA@acme.example' }),
      'purchasingApprover.email',
    ],
    [
      'an issued PO without its number',
      deep(base, 'purchasingApprover', { poStatus: 'issued' }),
      'purchasingApprover.poNumber',
    ],
    ['an unknown PO status', deep(base, 'purchasingApprover', { poStatus: 'maybe' }), 'purchasingApprover.poStatus'],
    ['a draft id that is not a UUID', { ...base, clientDraftId: 'draft-1' }, 'clientDraftId'],
    ['eleven files', { ...base, fileIds: Array.from({ length: 11 }, () => randomUUID()) }, 'fileIds'],
    ['the same file twice', { ...base, fileIds: [base.clientDraftId, base.clientDraftId] }, 'fileIds'],
    ['a file id that was never uploaded', { ...base, fileIds: [randomUUID()] }, 'fileIds'],
    ['a file id that is not an id', { ...base, fileIds: ['abc'] }, 'fileIds'],
    ['a missing roles declaration', { ...base, sameContactForBothRoles: undefined }, 'sameContactForBothRoles'],
    ['a body that is a list', [] as unknown as Record<string, unknown>, '_form'],
  ];

  it.each(cases.map(([title, body, field]) => ({ title, body, field })))(
    '$title → 422 on $field',
    async ({ body, field }) => {
      const reply = await postJson(server.url, '/api/requests', body);
      expect(reply.status).toBe(422);
      expect(reply.body.error.code).toBe('VALIDATION');
      expect(Object.keys(reply.body.error.fields ?? {})).toContain(field);
      expect(reply.body.error.fields?.[field]).toMatch(/^[A-Z].{10,}[.)"]$/);
    },
  );

  it('reports every problem of one body at once', async () => {
    const body = deep(deep(validRequest(), 'part', { name: '' }), 'technicalContact', { email: 'nope' });
    const reply = await postJson(server.url, '/api/requests', body);
    expect(Object.keys(reply.body.error.fields ?? {}).sort()).toEqual(['part.name', 'technicalContact.email']);
  });

  it('answers 400 for malformed JSON and 415 for a body that is not JSON', async () => {
    expect((await postJson(server.url, '/api/requests', '{"mode": ')).status).toBe(400);
    const form = await fetch(`${server.url}/api/requests`, {
      method: 'POST',
      body: new URLSearchParams({ mode: 'sample' }),
    });
    expect(form.status).toBe(415);
    const get = await fetch(`${server.url}/api/requests`);
    expect(get.status).toBe(405);
  });

  it('refuses a file that belongs to another request, and stores nothing when it does', async () => {
    const photo = await upload(server.url, { name: 'a.png', bytes: await pngBytes() });
    const first = await postJson(server.url, '/api/requests', requestFor('files-a', { fileIds: [photo.body.id] }));
    expect(first.status).toBe(201);

    const [before] = await getDb().select({ n: count() }).from(requests);
    const again = await postJson(server.url, '/api/requests', requestFor('files-b', { fileIds: [photo.body.id] }));
    expect(again.status).toBe(422);
    expect(Object.keys(again.body.error.fields ?? {})).toEqual(['fileIds']);
    expect(again.body.error.fields?.fileIds).toMatch(/another request/);
    const [after] = await getDb().select({ n: count() }).from(requests);
    expect(after!.n).toBe(before!.n);

    // A file a technical contact added through their link is bound to that request from the start.
    const review = linkIn((await mailsTo(server, 'tech-files-a@acme.example'))[0]!, '/review/');
    const reviewPhoto = await upload(
      server.url,
      { name: 'review.png', bytes: await pngBytes() },
      { authorization: `Bearer ${tokenOf(review)}` },
    );
    expect(reviewPhoto.status).toBe(201);
    const [row] = await getDb().select().from(files).where(eq(files.id, reviewPhoto.body.id));
    expect(row).toMatchObject({ requestId: first.body.id, uploadedByRole: 'technical' });
    const history = await getJson(server.url, `/api/requests/${first.body.id}`, tokenOf(first.body.statusUrl));
    expect(history.body.events.at(-1)).toMatchObject({
      type: 'file_added',
      role: 'technical',
      summary: 'review.png added by the technical contact.',
    });
    expect(history.body.files.map((file) => file.uploadedByRole)).toEqual(['anonymous', 'technical']);
    const stolen = await postJson(
      server.url,
      '/api/requests',
      requestFor('files-c', { fileIds: [reviewPhoto.body.id] }),
    );
    expect(stolen.status).toBe(422);

    const viaStatus = await upload(
      server.url,
      { name: 's.png', bytes: await pngBytes() },
      { authorization: `Bearer ${tokenOf(first.body.statusUrl)}` },
    );
    expect(viaStatus.status).toBe(403);
    expect(viaStatus.body.error.code).toBe('WRONG_ROLE');
  });
});

describe('idempotent submit and references', () => {
  it('returns the same request for the same draft, with a fresh status link and no second set of mails', async () => {
    const body = requestFor('twice');
    const first = await postJson(server.url, '/api/requests', body);
    const second = await postJson(server.url, '/api/requests', body);
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
    expect(second.body.reference).toBe(first.body.reference);
    expect(second.body.statusUrl).not.toBe(first.body.statusUrl);
    expect((await getJson(server.url, `/api/requests/${first.body.id}`, tokenOf(second.body.statusUrl))).status).toBe(
      200,
    );
    expect(await mailsMentioning(first.body.reference)).toHaveLength(3);
  });

  it('creates one request from ten concurrent submits of one draft', async () => {
    const body = requestFor('ten');
    const replies = await Promise.all(Array.from({ length: 10 }, () => postJson(server.url, '/api/requests', body)));
    expect(replies.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(replies.map((r) => r.body.id)).size).toBe(1);
    expect(new Set(replies.map((r) => r.body.reference)).size).toBe(1);
    const rows = await getDb()
      .select()
      .from(requests)
      .where(eq(requests.clientDraftId, body.clientDraftId as string));
    expect(rows).toHaveLength(1);
    expect(await mailsMentioning(replies[0]!.body.reference)).toHaveLength(3);
  });

  it('gives a refused submit’s reference number back: the next request takes it', async () => {
    const photo = await upload(server.url, { name: 'once.png', bytes: await pngBytes() });
    const first = await postJson(server.url, '/api/requests', requestFor('number-a', { fileIds: [photo.body.id] }));
    expect(first.status).toBe(201);
    const refused = await postJson(server.url, '/api/requests', requestFor('number-b', { fileIds: [photo.body.id] }));
    expect(refused.status).toBe(422);
    const next = await postJson(server.url, '/api/requests', requestFor('number-c'));
    expect(next.status).toBe(201);
    const sequence = (reply: typeof first) => Number(reply.body.reference.split('-')[2]);
    expect(sequence(next)).toBe(sequence(first) + 1);
    // The stored rows name the reference itself, never the stand-in the mails were rendered with.
    const [submitted] = await getDb()
      .select({ payload: events.payload })
      .from(events)
      .where(and(eq(events.requestId, next.body.id), eq(events.type, 'request_submitted')));
    expect(submitted?.payload).toMatchObject({ reference: next.body.reference });
    const mails = await mailsMentioning(next.body.reference);
    expect(mails).toHaveLength(3);
    expect(JSON.stringify(mails)).not.toMatch(/PF-REFERENCE-/);
  });

  it('hands out distinct, consecutive references to concurrent submits', async () => {
    const replies = await Promise.all(
      Array.from({ length: 12 }, (_, i) => postJson(server.url, '/api/requests', requestFor(`ref-${i}`))),
    );
    expect(replies.every((r) => r.status === 201)).toBe(true);
    const sequences = replies.map((r) => Number(r.body.reference.split('-')[2])).sort((a, b) => a - b);
    expect(new Set(sequences).size).toBe(12);
    expect(sequences.at(-1)! - sequences[0]!).toBe(11);
    expect(replies.every((r) => r.body.reference.startsWith(`PF-${year}-`))).toBe(true);
  });
});

describe('mails and links', () => {
  it('mails each role its own message, with links that open the request in that role', async () => {
    const created = await postJson(server.url, '/api/requests', requestFor('roles'));
    const [technical] = await mailsTo(server, 'tech-roles@acme.example');
    const [approver] = await mailsTo(server, 'buyer-roles@acme.example');
    const shop = (await mailsMentioning(created.body.reference)).find((mail) => mail.to === 'shop@localhost');
    expect(technical?.subject).toBe(`${created.body.reference}: please review "Pump housing bracket"`);
    expect(technical?.text).toContain('does not place an order');
    expect(approver?.subject).toBe(`${created.body.reference}: a quote request names you as purchasing approver`);
    expect(approver?.text).toContain('Nothing is yours to approve yet');
    expect(approver?.links.some((link) => link.includes('/review/'))).toBe(false);
    expect(shop?.text).toContain('tech-roles@acme.example');
    for (const mail of [approver!, shop!]) {
      expect(mail.text).toContain('Technical review is still pending with the technical contact');
      expect(mail.html).toContain('Technical review is still pending with the technical contact');
    }
    // The technical contact's own mail speaks to them.
    expect(technical!.text).toContain('Your technical review is still pending');
    expect(technical!.html).toContain('Your technical review is still pending');
    expect(technical!.text).not.toContain('pending with the technical contact');

    const asTechnical = await getJson(
      server.url,
      `/api/requests/${created.body.id}`,
      tokenOf(linkIn(technical!, '/review/')),
    );
    expect(asTechnical.body.viewerRole).toBe('technical');
    const asApprover = await getJson(
      server.url,
      `/api/requests/${created.body.id}`,
      tokenOf(linkIn(approver!, '/status/')),
    );
    expect(asApprover.status).toBe(200);
    expect(asApprover.body.viewerRole).toBe('status');
    expect(asApprover.body.events.map((event) => event.type)).toEqual(['request_submitted', 'links_sent']);
    expect(asApprover.body.events[1]?.summary).toBe(
      'Links sent by email to the technical contact and the purchasing approver.',
    );
  });

  it('sends one message to a person who declared both roles, saying the review link releases nothing', async () => {
    const base = requestFor('both');
    const created = await postJson(server.url, '/api/requests', {
      ...base,
      sameContactForBothRoles: true,
      purchasingApprover: { poStatus: 'issued', poNumber: 'PO-4411' },
    });
    expect(created.status).toBe(201);
    const mails = await mailsTo(server, 'tech-both@acme.example');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain('you hold both roles');
    expect(mails[0]!.text).toContain('technical contact AND purchasing approver');
    expect(mails[0]!.text).toContain('It does not release an order');
    expect(await mailsMentioning(created.body.reference)).toHaveLength(2);

    const view = await getJson(server.url, `/api/requests/${created.body.id}`, tokenOf(linkIn(mails[0]!, '/review/')));
    expect(view.body).toMatchObject({
      viewerRole: 'technical',
      sameContactForBothRoles: true,
      contacts: {
        purchasing: { name: 'Tina Technik', poStatus: 'issued', poNumber: 'PO-4411', email: 'tech-both@acme.example' },
      },
    });
  });

  it('escapes what the customer typed in every HTML body', async () => {
    const base = requestFor('escape');
    const created = await postJson(server.url, '/api/requests', {
      ...base,
      part: { ...(base.part as object), name: '<script>alert("x")</script> & <b>bold</b>' },
      technicalContact: { ...(base.technicalContact as object), name: '<img src=x onerror=alert(1)>' },
    });
    expect(created.status).toBe(201);
    const mails = await mailsMentioning(created.body.reference);
    expect(mails).toHaveLength(3);
    for (const mail of mails) {
      expect(mail.html).not.toMatch(/<script|<img|<b>bold/);
      expect(mail.html).toMatch(/&lt;(script|img)/);
    }
  });
});

describe('GET /api/requests/:id access', () => {
  it('keeps contact emails and phones out of the status view and shows them to the named roles', async () => {
    const created = await postJson(server.url, '/api/requests', requestFor('privacy'));
    const status = await getJson(server.url, `/api/requests/${created.body.id}`, tokenOf(created.body.statusUrl));
    expect(status.body.contacts.technical).toEqual({
      name: 'Tina Technik',
      company: 'Acme Pumps GmbH',
      jobTitle: 'Maintenance engineer',
    });
    expect(JSON.stringify(status.body)).not.toMatch(/@acme\.example|1234567/);
    const review = linkIn((await mailsTo(server, 'tech-privacy@acme.example'))[0]!, '/review/');
    const technical = await getJson(server.url, `/api/requests/${created.body.id}`, tokenOf(review));
    expect(technical.body.contacts.technical).toMatchObject({
      email: 'tech-privacy@acme.example',
      phone: '+49 30 1234567',
    });
    expect(technical.body.contacts.purchasing).toMatchObject({
      email: 'buyer-privacy@acme.example',
      poStatus: 'in_progress',
    });
  });

  it('answers 401, 403 and 404 as the architecture says', async () => {
    const a = await postJson(server.url, '/api/requests', requestFor('access-a'));
    const b = await postJson(server.url, '/api/requests', requestFor('access-b'));
    const path = `/api/requests/${a.body.id}`;
    expect((await getJson(server.url, path)).status).toBe(401);
    expect((await getJson(server.url, path, 'x'.repeat(43))).body.error.code).toBe('UNAUTHENTICATED');
    const foreign = await getJson(server.url, path, tokenOf(b.body.statusUrl));
    expect(foreign.status).toBe(401);
    expect(JSON.stringify(foreign.body)).not.toContain(a.body.reference);
    expect((await getJson(server.url, '/api/requests/not-an-id', tokenOf(a.body.statusUrl))).status).toBe(404);

    const signIn = await issueLink({ purpose: 'shop_sign_in', recipientEmail: 'shop@localhost' });
    const wrongRole = await getJson(server.url, path, signIn.token);
    expect(wrongRole.status).toBe(403);
    expect(wrongRole.body.error.code).toBe('WRONG_ROLE');

    const expired = await issueLink({
      purpose: 'status',
      recipientEmail: 'x@acme.example',
      requestId: a.body.id,
      now: new Date('2020-01-01'),
    });
    expect((await getJson(server.url, path, expired.token)).body.error.code).toBe('LINK_EXPIRED');
    const revoked = await issueLink({
      purpose: 'status',
      recipientEmail: 'revoked@acme.example',
      requestId: a.body.id,
    });
    await revokeLinks({ requestId: a.body.id, recipientEmail: 'revoked@acme.example' });
    const revokedReply = await getJson(server.url, path, revoked.token);
    expect(revokedReply.status).toBe(401);
    expect(revokedReply.body.error.code).toBe('LINK_REVOKED');
  });

  it('serves a file only to links of its own request', async () => {
    const photo = await upload(server.url, { name: 'mine.png', bytes: await pngBytes() });
    const a = await postJson(server.url, '/api/requests', requestFor('file-a', { fileIds: [photo.body.id] }));
    const b = await postJson(server.url, '/api/requests', requestFor('file-b'));
    const fetchFile = (token?: string) =>
      fetch(`${server.url}/api/files/${photo.body.id}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    expect((await fetchFile()).status).toBe(401);
    expect((await fetchFile(tokenOf(b.body.statusUrl))).status).toBe(404);
    const own = await fetchFile(tokenOf(a.body.statusUrl));
    expect(own.status).toBe(200);
    expect((await own.arrayBuffer()).byteLength).toBe(photo.body.size);

    const unattached = await upload(server.url, { name: 'loose.png', bytes: await pngBytes() });
    const loose = await fetch(`${server.url}/api/files/${unattached.body.id}`, {
      headers: { authorization: `Bearer ${tokenOf(a.body.statusUrl)}` },
    });
    expect(loose.status).toBe(404);
  });
});
