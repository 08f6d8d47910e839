import { describe, expect, it } from 'vitest';
import {
  DRAFT_KEY,
  clearDraft,
  loadDraft,
  parseDraft,
  saveDraft,
  serializeDraft,
  type Draft,
  type DraftStorage,
} from '../../src/islands/quote-form/draft.js';
import { emptyValues, mergeValues } from '../../src/islands/quote-form/values.js';

const ID = '7b1a4a52-8a2b-4f7e-9a37-0c1d2e3f4a5b';

function memory(): DraftStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

function sampleDraft(): Draft {
  const values = emptyValues(ID);
  values.mode = 'sample';
  values.part.name = 'Clip';
  values.part.size.lengthMm = 12.5;
  values.part.environment.heat = true;
  values.quantities.sample = 3;
  values.technicalContact.email = 'ada@acme.test';
  values.fileIds = ['up_1', 'up_2'];
  return {
    values,
    step: 'technical',
    files: [
      { id: 'up_1', name: 'photo.jpg', size: 1234, contentType: 'image/jpeg', kind: 'image' },
      { id: 'up_2', name: 'clip.step', size: 99_000, contentType: 'model/step', kind: 'cad' },
    ],
    savedAt: '2026-11-25T10:00:00.000Z',
  };
}

describe('draft round trip', () => {
  it('restores values, step, uploaded files and the client draft id exactly', () => {
    const storage = memory();
    const draft = sampleDraft();
    expect(saveDraft({ storage, draft })).toBe(true);
    expect(loadDraft({ storage })).toEqual(draft);
  });

  it('clears', () => {
    const storage = memory();
    saveDraft({ storage, draft: sampleDraft() });
    clearDraft({ storage });
    expect(storage.data.has(DRAFT_KEY)).toBe(false);
    expect(loadDraft({ storage })).toBeNull();
  });

  it('clears a draft named by its id only when the saved draft is that one', () => {
    const storage = memory();
    const draft = sampleDraft();
    saveDraft({ storage, draft });
    clearDraft({ storage, id: crypto.randomUUID() });
    expect(loadDraft({ storage }), 'another tab’s draft is left alone').toEqual(draft);
    clearDraft({ storage, id: draft.values.clientDraftId });
    expect(loadDraft({ storage })).toBeNull();
  });

  it('reports a storage that refuses to save (quota, privacy mode) and survives a missing one', () => {
    const full: DraftStorage = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => undefined,
    };
    expect(saveDraft({ storage: full, draft: sampleDraft() })).toBe(false);
    expect(saveDraft({ storage: null, draft: sampleDraft() })).toBe(false);
    expect(loadDraft({ storage: null })).toBeNull();
  });
});

describe('parseDraft distrusts what it reads', () => {
  it.each([
    ['nothing', null],
    ['broken JSON', '{"version":1,'],
    ['another version', JSON.stringify({ version: 2, values: { clientDraftId: ID } })],
    ['no draft id', JSON.stringify({ version: 1, values: {} })],
    ['a bad draft id', JSON.stringify({ version: 1, values: { clientDraftId: 'x' } })],
    ['an array', '[]'],
  ])('%s → null', (_what, text) => {
    expect(parseDraft(text)).toBeNull();
  });

  it('drops unknown keys, wrong types and bad enum values, keeps the rest', () => {
    const text = JSON.stringify({
      version: 1,
      step: 'nowhere',
      values: {
        clientDraftId: ID,
        mode: 'free_lunch',
        evil: '<script>',
        part: { name: 'Clip', kind: 'new', size: { lengthMm: '12', widthMm: 4 }, environment: { heat: 'yes' } },
        quantities: { total: null },
      },
      files: [{ id: 'up_1', name: 'a.png', size: 1, contentType: 'image/png', kind: 'image' }, { id: 3 }],
    });
    const draft = parseDraft(text);
    expect(draft?.step).toBe('mode');
    expect(draft?.values.mode).toBeUndefined();
    expect(draft?.values).not.toHaveProperty('evil');
    expect(draft?.values.part.name).toBe('Clip');
    expect(draft?.values.part.kind).toBe('new');
    expect(draft?.values.part.size).toEqual({ lengthMm: undefined, widthMm: 4, heightMm: undefined });
    expect(draft?.values.part.environment.heat).toBe(false);
    expect(draft?.values.quantities.total).toBeUndefined();
    expect(draft?.files.map((f) => f.id)).toEqual(['up_1']);
  });

  it('attached file ids come from the remembered files, so a lost file is not sent', () => {
    const draft = sampleDraft();
    draft.values.fileIds = ['up_1', 'up_2', 'up_ghost'];
    expect(parseDraft(serializeDraft(draft))?.values.fileIds).toEqual(['up_1', 'up_2']);
  });
});

describe('mergeValues', () => {
  it('fills a blank form from partial saved values', () => {
    const merged = mergeValues(emptyValues(ID), { technicalContact: { name: 'Ada' }, sameContactForBothRoles: true });
    expect(merged.technicalContact).toEqual({ name: 'Ada', email: '', phone: '', company: '', jobTitle: '' });
    expect(merged.sameContactForBothRoles).toBe(true);
    expect(merged.clientDraftId).toBe(ID);
  });

  it('drops NaN from garbage number inputs', () => {
    expect(mergeValues(emptyValues(ID), { quantities: { total: Number.NaN } }).quantities.total).toBeUndefined();
  });
});
