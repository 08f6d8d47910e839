import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readOutbox } from '../../src/dev/outbox.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function eml(subject: string): string {
  return [
    'From: shop@layerline.example',
    'To: ada@acme.example',
    `Subject: ${subject}`,
    'Date: Wed, 02 Dec 2026 10:00:00 +0000',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Review it here: https://portal.example/review/?id=r_1',
    '',
  ].join('\r\n');
}

describe('the local outbox', () => {
  it('reads a message again once its file changed, and hands each reader its own copy', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'portal-outbox-test-'));
    dirs.push(dir);
    const file = path.join(dir, '2026-12-02T10-00-00-000Z-aaaaaaaa.eml');
    writeFileSync(file, eml('Request received'));
    const [first] = await readOutbox(dir);
    expect(first).toMatchObject({ subject: 'Request received', links: ['https://portal.example/review/?id=r_1'] });
    first!.links.push('https://elsewhere.example/');
    expect((await readOutbox(dir))[0]?.links).toEqual(['https://portal.example/review/?id=r_1']);

    // Another size, then the same size with another modification time: both are read anew.
    writeFileSync(file, eml('Quote ready to approve'));
    expect((await readOutbox(dir))[0]?.subject).toBe('Quote ready to approve');
    writeFileSync(file, eml('Quote ready to release'));
    utimesSync(file, new Date('2026-12-02T11:00:00Z'), new Date('2026-12-02T11:00:00Z'));
    expect((await readOutbox(dir))[0]?.subject).toBe('Quote ready to release');
  });
});
