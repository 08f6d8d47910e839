import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveredMails, startTestServer, type TestServer } from '../support/server.js';
import { binaryStl, getJson, pngBytes, postJson, tokenOf, upload, validRequest } from '../support/intake.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('intake over HTTP', () => {
  it('uploads files, creates a request, mails each role a working link, and serves the files', async () => {
    const image = await upload(server.url, { name: 'bracket photo.png', bytes: await pngBytes(), type: 'image/png' });
    expect(image.status).toBe(201);
    expect(image.body).toMatchObject({
      name: 'bracket photo.png',
      contentType: 'image/png',
      kind: 'image',
      width: 64,
      height: 48,
    });
    const cad = await upload(server.url, { name: 'bracket.stl', bytes: binaryStl(3) });
    expect(cad.status).toBe(201);
    expect(cad.body).toMatchObject({ name: 'bracket.stl', contentType: 'model/stl', kind: 'cad', size: 84 + 150 });
    expect(cad.body.width).toBeUndefined();

    const created = await postJson(
      server.url,
      '/api/requests',
      validRequest({ fileIds: [image.body.id, cad.body.id] }),
    );
    expect(created.status).toBe(201);
    expect(created.body.reference).toMatch(/^PF-\d{4}-\d{4,}$/);
    expect(created.body.statusUrl).toMatch(new RegExp(`/status/\\?id=${created.body.id}#token=`));

    const viaStatus = await getJson(server.url, `/api/requests/${created.body.id}`, tokenOf(created.body.statusUrl));
    expect(viaStatus.status).toBe(200);
    expect(viaStatus.body).toMatchObject({
      id: created.body.id,
      reference: created.body.reference,
      mode: 'production',
      viewerRole: 'status',
      technical: { state: 'awaiting_review' },
      commercial: { state: 'estimate' },
      readyForProduction: false,
      nextActor: 'shop',
    });
    expect(viaStatus.body.files.map((f: { name: string }) => f.name)).toEqual(['bracket photo.png', 'bracket.stl']);
    expect(viaStatus.body.events[0]).toMatchObject({ type: 'request_submitted', role: 'requester' });
    expect(JSON.stringify(viaStatus.body)).not.toContain('@acme.example');

    const mails = await deliveredMails(server);
    expect(mails.map((m) => m.to).sort()).toEqual(['paul@acme.example', 'shop@localhost', 'tina@acme.example']);
    const technicalMail = mails.find((m) => m.to === 'tina@acme.example')!;
    const reviewLink = technicalMail.links.find((link) => link.includes('/review/'))!;
    expect(reviewLink).toContain(`/review/?id=${created.body.id}#token=`);
    const viaTechnical = await getJson(server.url, `/api/requests/${created.body.id}`, tokenOf(reviewLink));
    expect(viaTechnical.status).toBe(200);
    expect(viaTechnical.body.viewerRole).toBe('technical');
    expect(viaTechnical.body.contacts.technical.email).toBe('tina@acme.example');

    const response = await fetch(`${server.url}/api/files/${image.body.id}`, {
      headers: { authorization: `Bearer ${tokenOf(reviewLink)}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('content-disposition')).toBe(
      `inline; filename="bracket photo.png"; filename*=UTF-8''bracket%20photo.png`,
    );
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(
      Buffer.from(await response.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    expect(readdirSync(path.join(server.dataDir, 'uploads'))).toHaveLength(2);
  });
});
