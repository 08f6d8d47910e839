/**
 * The shop's vendor packet below the HTTP layer: the manifest's problems, each naming the entry and
 * the field (unknown kind, duplicate id or file, missing field, missing file, a typo'd field), the
 * build's refusal of a packet with one, the shipped samples being sound, and the packet read from a
 * folder: sizes, hashes, a zip that unzips to every document plus a README.txt listing each hash.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { assertVendorPacket, vendorPacketCheck } from '../../src/build/vendor-packet.js';
import { parseVendorPacketManifest, vendorPacketProblems } from '../../src/domain/vendor-packet-schema.js';
import { isAppError } from '../../src/domain/errors.js';
import {
  loadVendorPacket,
  MAX_PACKET_BYTES,
  openVendorPacket,
  SHIPPED_VENDOR_PACKET,
  vendorPacketFileProblems,
} from '../../src/server/release/vendor-packet.js';
import { vendorPacketView } from '../../src/server/release/vendor-packet-view.js';
import { expectLogs } from '../support/logs.js';

const W9 = { id: 'w9', title: 'W-9', kind: 'tax_form', file: 'w9.pdf' };
const BANK = { id: 'bank-details', title: 'Bank details letter', kind: 'bank_details', file: 'bank.pdf' };

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A folder with these files (name → content). */
function folderWith(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vendor-packet-'));
  folders.push(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}

const sha256 = (content: string | Uint8Array) => createHash('sha256').update(content).digest('hex');

describe('the vendor packet manifest', () => {
  it.each([
    [
      'an unknown kind',
      [W9, { ...BANK, kind: 'bank' }],
      'entry 2 ("bank-details"): kind "bank" is not a kind: use one of tax_form, bank_details, insurance, certification, terms, other',
    ],
    ['a duplicate id', [W9, { ...BANK, id: 'w9' }], 'entry 2 ("w9"): id "w9" is already used by entry 1'],
    [
      'a duplicate file, in any case',
      [W9, { ...BANK, file: 'W9.PDF' }],
      'entry 2 ("bank-details"): file "W9.PDF" is already used by entry 1',
    ],
    [
      'a missing title',
      [W9, { id: 'bank', kind: 'bank_details', file: 'bank.pdf' }],
      'entry 2 ("bank"): title is missing',
    ],
    ['a missing id', [{ title: 'W-9', kind: 'tax_form', file: 'w9.pdf' }], 'entry 1: id is missing'],
    ['a misspelt field', [{ ...W9, titel: 'W-9' }], 'entry 1 ("w9"): unknown field "titel"'],
    [
      'a file in another folder',
      [{ ...W9, file: '../secrets.pdf' }],
      'entry 1 ("w9"): file must be a file name in content/shop/vendor-packet/ (letters, digits, dots, dashes; no folders)',
    ],
    [
      'the index’s own name',
      [{ ...W9, file: 'readme.txt' }],
      'entry 1 ("w9"): file must not be README.txt, the name of the packet\'s own index',
    ],
    [
      'an id that is no address',
      [{ ...W9, id: 'W 9' }],
      'entry 1 ("W 9"): id must be lower-case letters, digits and single dashes, e.g. "iso-9001"',
    ],
    ['an entry that is no object', [W9, 'bank.pdf'], 'entry 2: must be an object'],
    [
      'no list at all',
      { documents: [W9] },
      'the manifest must be a list of documents: [{ "id", "title", "kind", "file" }]',
    ],
  ])('names the entry and the field for %s', (_label, manifest, problem) => {
    expect(vendorPacketProblems(manifest)).toEqual([problem]);
    expect(() => parseVendorPacketManifest(manifest)).toThrow(problem);
  });

  it('reports every problem at once, in entry order, and takes a sound manifest as it is', () => {
    const problems = vendorPacketProblems([
      { ...W9, kind: 'w9' },
      { ...BANK, id: 'w9', note: 7 },
    ]);
    expect(problems).toEqual([
      'entry 1 ("w9"): kind "w9" is not a kind: use one of tax_form, bank_details, insurance, certification, terms, other',
      'entry 2 ("w9"): note must be text',
      'entry 2 ("w9"): id "w9" is already used by entry 1',
    ]);
    expect(parseVendorPacketManifest([W9, { ...BANK, note: ' Valid until 2027 ' }])).toEqual([
      W9,
      { ...BANK, note: 'Valid until 2027' },
    ]);
  });

  it('finds a listed file that is not in the folder, or is empty', async () => {
    const dir = folderWith({ 'w9.pdf': '' });
    const problems = await vendorPacketFileProblems({ entries: [W9, BANK], dir });
    expect(problems).toEqual([
      'entry 1 ("w9"): file "w9.pdf" is empty',
      `entry 2 ("bank-details"): file "bank.pdf" is not in ${dir}`,
    ]);
  });

  it('refuses a packet too large for one function reply', async () => {
    const dir = folderWith({ 'w9.pdf': new Uint8Array(MAX_PACKET_BYTES), 'bank.pdf': 'x' });
    expect(await vendorPacketFileProblems({ entries: [W9, BANK], dir })).toEqual([
      `the documents add up to ${MAX_PACKET_BYTES + 1} bytes; the packet must stay under ${MAX_PACKET_BYTES} (4 MiB) to fit one function reply`,
    ]);
  });

  it('fails the build with one line per problem, and passes the shipped samples', async () => {
    const dir = folderWith({ 'w9.pdf': '%PDF-1.7 w9' });
    await expect(assertVendorPacket({ entries: [W9, { ...BANK, kind: 'bank' }], dir })).rejects.toThrow(
      /has 2 problems:\n {2}- entry 2 \("bank-details"\): kind "bank" is not a kind.*\n {2}- entry 2 \("bank-details"\): file "bank.pdf" is not in/,
    );
    await expect(assertVendorPacket()).resolves.toBeUndefined();
    expect(await vendorPacketFileProblems(SHIPPED_VENDOR_PACKET)).toEqual([]);
  });

  it('is checked by the site’s own build, in the hook Astro runs before anything is built', async () => {
    const config = (await import('../../astro.config.mjs')).default as { integrations: { name: string }[] };
    expect(config.integrations.map((integration) => integration.name)).toContain('vendor-packet-check');

    const hook = vendorPacketCheck({ entries: [W9], dir: folderWith({}) }).hooks['astro:config:setup'] as
      (() => Promise<void>) | undefined;
    await expect(hook?.()).rejects.toThrow('entry 1 ("w9"): file "w9.pdf" is not in');
  });
});

describe('the vendor packet read from its folder', () => {
  it('lists each document with its size and SHA-256 and zips them all with a README.txt of the hashes', async () => {
    const files = { 'w9.pdf': '%PDF-1.7 the W-9', 'bank.pdf': '%PDF-1.7 the bank letter, a little longer' };
    const dir = folderWith(files);
    const packet = await loadVendorPacket({ entries: [W9, { ...BANK, note: 'Signed by our bank' }], dir });

    expect(packet.documents).toEqual([
      {
        id: 'w9',
        title: 'W-9',
        kind: 'tax_form',
        fileName: 'w9.pdf',
        contentType: 'application/pdf',
        bytes: files['w9.pdf'].length,
        sha256: sha256(files['w9.pdf']),
      },
      {
        id: 'bank-details',
        title: 'Bank details letter',
        kind: 'bank_details',
        fileName: 'bank.pdf',
        contentType: 'application/pdf',
        bytes: files['bank.pdf'].length,
        sha256: sha256(files['bank.pdf']),
        note: 'Signed by our bank',
      },
    ]);
    expect(strFromU8(packet.read('bank-details')?.bytes ?? new Uint8Array())).toBe(files['bank.pdf']);
    expect(packet.read('nothing')).toBeUndefined();

    const zip = packet.zip;
    expect(zip?.fileName).toBe('layerline-print-works-vendor-packet.zip');
    expect(zip?.sha256).toBe(sha256(zip?.bytes ?? ''));
    const unzipped = unzipSync(zip?.bytes ?? new Uint8Array());
    expect(Object.keys(unzipped).sort()).toEqual(['README.txt', 'bank.pdf', 'w9.pdf']);
    expect(strFromU8(unzipped['w9.pdf'] ?? new Uint8Array())).toBe(files['w9.pdf']);
    const index = strFromU8(unzipped['README.txt'] ?? new Uint8Array());
    expect(index).toContain('Supplier documents: Layerline Print Works GmbH');
    expect(index).toContain(
      `   File:    bank.pdf (${files['bank.pdf'].length} bytes)\r\n   SHA-256: ${sha256(files['bank.pdf'])}`,
    );
    expect(index).toContain(`1. W-9\r\n   Kind:    Tax form\r\n`);
    expect(index).toContain('   Note:    Signed by our bank');
  });

  it('gives the same zip for the same files, and reads a replaced file again', async () => {
    const dir = folderWith({ 'w9.pdf': '%PDF-1.7 first' });
    const first = await loadVendorPacket({ entries: [W9], dir });
    const again = await loadVendorPacket({ entries: [W9], dir: folderWith({ 'w9.pdf': '%PDF-1.7 first' }) });
    expect(again.zip?.sha256).toBe(first.zip?.sha256);

    writeFileSync(path.join(dir, 'w9.pdf'), '%PDF-1.7 the replacement');
    const later = new Date(Date.now() + 5000);
    utimesSync(path.join(dir, 'w9.pdf'), later, later);
    const replaced = await loadVendorPacket({ entries: [W9], dir });
    expect(replaced.documents[0]?.sha256).toBe(sha256('%PDF-1.7 the replacement'));
    expect(replaced.zip?.sha256).not.toBe(first.zip?.sha256);
  });

  it('has no zip when the shop lists no document', async () => {
    const packet = await loadVendorPacket({ entries: [], dir: folderWith({}) });
    expect(packet).toMatchObject({ documents: [], zip: null });
  });
});

describe('a vendor packet whose files are missing', () => {
  it('is a 503 for its downloads, and an empty list with one log line on the quote', async () => {
    const broken = { entries: [W9], dir: folderWith({}) };
    const refusal: unknown = await openVendorPacket(broken).catch((error: unknown) => error);
    expect(isAppError(refusal) && { code: refusal.code, message: refusal.message }).toEqual({
      code: 'UNAVAILABLE',
      message: 'The shop’s supplier documents cannot be read right now. Ask the shop to send them by email.',
    });

    const logs = expectLogs(/^vendor packet: unreadable, listed as empty: VendorPacketError/);
    expect(await vendorPacketView('q_1', broken)).toEqual({ documents: [] });
    expect(logs.lines).toHaveLength(1);
  });

  it('lists a sound packet with each document’s address under the revision', async () => {
    const dir = folderWith({ 'w9.pdf': '%PDF-1.7 w9' });
    expect(await vendorPacketView('q_1', { entries: [W9], dir })).toEqual({
      documents: [
        {
          id: 'w9',
          title: 'W-9',
          kind: 'tax_form',
          kindLabel: 'Tax form',
          fileName: 'w9.pdf',
          bytes: 11,
          sha256: sha256('%PDF-1.7 w9'),
          url: '/api/quotes/q_1/vendor-documents/w9',
        },
      ],
      zipBytes: expect.any(Number) as number,
      zipUrl: '/api/quotes/q_1/vendor-packet',
    });
  });
});
