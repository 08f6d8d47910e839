import { describe, expect, it } from 'vitest';
import {
  draftFiles,
  isBlankDraft,
  newDraftId,
  restoredFiles,
  startingValues,
  type Draft,
  type DraftFile,
} from '../../src/islands/quote-form/draft.js';
import type { QueuedFile } from '../../src/islands/lib/upload-queue.js';
import { emptyValues } from '../../src/islands/quote-form/values.js';

const ID = '7b1a4a52-8a2b-4f7e-9a37-0c1d2e3f4a5b';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const file: DraftFile = { id: 'f1', name: 'shot.png', size: 10, contentType: 'image/png', kind: 'image' };

function draft(over: Partial<Draft> = {}): Draft {
  return { values: emptyValues(ID), step: 'files', files: [file], savedAt: '2026-01-01T10:00:00.000Z', ...over };
}

describe('draft files', () => {
  it('remembers finished uploads only, without keys or previews', () => {
    const entries: QueuedFile[] = [
      { ...file, key: 'f1', status: 'done', progress: 1, previewUrl: 'blob:x' },
      { key: 'f2', name: 'up.stl', size: 5, contentType: '', kind: 'cad', status: 'uploading', progress: 0.3 },
      { key: 'f3', name: 'bad.exe', size: 5, contentType: '', kind: 'image', status: 'failed', progress: 0 },
    ];
    expect(draftFiles(entries)).toEqual([file]);
  });

  it('puts a restored draft’s files back as uploaded entries', () => {
    expect(restoredFiles([file, { ...file, id: 'f2' }])).toEqual([
      { ...file, key: 'd0', status: 'done', progress: 1 },
      { ...file, id: 'f2', key: 'd1', status: 'done', progress: 1 },
    ]);
    expect(draftFiles(restoredFiles([file]))).toEqual([file]);
  });
});

describe('starting values', () => {
  it('starts empty with a new draft id, or from the draft', () => {
    expect(startingValues({ draft: null, urlMode: null, newId: () => ID })).toEqual(emptyValues(ID));
    const saved = draft();
    saved.values.part.name = 'Clip';
    expect(startingValues({ draft: saved, urlMode: null, newId: () => 'unused' }).part.name).toBe('Clip');
  });

  it('takes a linked mode only when none is chosen and it is a real mode', () => {
    expect(startingValues({ draft: null, urlMode: 'sample', newId: () => ID }).mode).toBe('sample');
    expect(startingValues({ draft: null, urlMode: 'everything', newId: () => ID }).mode).toBeUndefined();
    const chosen = draft();
    chosen.values.mode = 'production';
    expect(startingValues({ draft: chosen, urlMode: 'sample', newId: () => ID }).mode).toBe('production');
  });
});

describe('blank drafts', () => {
  const blank = (urlMode: string | null = null): Draft => ({
    ...draft({ step: 'mode', files: [] }),
    values: startingValues({ draft: null, urlMode, newId: () => ID }),
  });

  it('is blank when nothing was entered, with or without a linked mode', () => {
    expect(isBlankDraft(blank(), null)).toBe(true);
    expect(isBlankDraft(blank('sample'), 'sample')).toBe(true);
    // An emptied number input reads '' before it is parsed: still nothing.
    const cleared = blank();
    (cleared.values.quantities as Record<string, unknown>).total = '';
    expect(isBlankDraft(cleared, null)).toBe(true);
  });

  it.each<[string, (d: Draft) => void]>([
    ['a chosen mode', (d) => (d.values.mode = 'production')],
    ['a quantity', (d) => (d.values.quantities.total = 40)],
    ['a needed-by date', (d) => (d.values.neededBy = '2027-01-01')],
    ['a ticked box', (d) => (d.values.quantities.provisional = true)],
    ['a later step', (d) => (d.step = 'part')],
    ['an uploaded file', (d) => d.files.push(file)],
  ])('is not blank with %s', (_, change) => {
    const d = blank();
    change(d);
    expect(isBlankDraft(d, null)).toBe(false);
  });

  it('counts a mode other than the linked one as entered', () => {
    const d = blank('sample');
    d.values.mode = 'production';
    expect(isBlankDraft(d, 'sample')).toBe(false);
  });
});

describe('draft ids', () => {
  it('uses randomUUID where the browser has it', () => {
    expect(newDraftId({ randomUUID: () => ID, getRandomValues: (a) => a })).toBe(ID);
  });

  it('builds a version-4 UUID from getRandomValues otherwise', () => {
    const filled = <T extends ArrayBufferView | null>(array: T): T => {
      if (array instanceof Uint8Array) array.fill(0xff);
      return array;
    };
    expect(newDraftId({ getRandomValues: filled })).toMatch(UUID);
    expect(newDraftId()).toMatch(UUID);
  });
});
