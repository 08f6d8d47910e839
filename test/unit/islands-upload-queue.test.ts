import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/islands/lib/api.js';
import {
  failEntry,
  failedPatch,
  queueProblem,
  refusedFiles,
  isBusy,
  keptCount,
  patchEntry,
  planAdd,
  uploadedIds,
  uploadedPatch,
  type ChosenFile,
  type QueuedFile,
  type QueuePolicy,
} from '../../src/islands/lib/upload-queue.js';
import { REQUEST_FILES } from '../../src/islands/quote-form/request-files.js';

const policy: QueuePolicy = {
  keyPrefix: 'u',
  nameOf: (file) => file.name,
  precheck: (file, count) =>
    count >= 2 ? `${file.name}: at most 2.` : file.size === 0 ? `${file.name}: empty.` : null,
  failed: (name) => `${name}: failed.`,
  previews: true,
};

const png = (name = 'shot.png', size = 10): ChosenFile => ({ name, size, type: 'image/png' });
const stl = (name = 'part.stl', size = 10): ChosenFile => ({ name, size, type: '' });

function entry(over: Partial<QueuedFile> = {}): QueuedFile {
  return {
    key: 'u1',
    name: 'a.png',
    size: 1,
    contentType: 'image/png',
    kind: 'image',
    status: 'done',
    progress: 1,
    ...over,
  };
}

describe('planning an add', () => {
  it('queues accepted files as uploading, with running keys, kinds and the upload name', () => {
    const plan = planAdd({ files: [png(), stl()], entries: [], policy, seq: 4 });
    expect(plan.seq).toBe(6);
    expect(plan.added).toEqual([
      {
        key: 'u5',
        name: 'shot.png',
        size: 10,
        contentType: 'image/png',
        kind: 'image',
        progress: 0,
        status: 'uploading',
      },
      { key: 'u6', name: 'part.stl', size: 10, contentType: '', kind: 'cad', progress: 0, status: 'uploading' },
    ]);
    expect(plan.starts.map((s) => [s.key, s.name])).toEqual([
      ['u5', 'shot.png'],
      ['u6', 'part.stl'],
    ]);
  });

  it('lists a refused file as failed with its problem and starts no upload for it', () => {
    const plan = planAdd({ files: [png('empty.png', 0)], entries: [], policy, seq: 0 });
    expect(plan.added[0]).toMatchObject({ status: 'failed', error: 'empty.png: empty.' });
    expect(plan.starts).toEqual([]);
  });

  it('counts kept files, not failed ones, and the files accepted in the same batch', () => {
    const entries = [entry(), entry({ key: 'u2', status: 'failed' })];
    const plan = planAdd({ files: [png('b.png'), png('c.png')], entries, policy, seq: 2 });
    expect(plan.added.map((a) => a.status)).toEqual(['uploading', 'failed']);
    expect(plan.added[1]?.error).toBe('c.png: at most 2.');
  });

  it('previews accepted images only, and only when the policy asks for it', () => {
    const preview = (file: ChosenFile) => `blob:${file.name}`;
    const plan = planAdd({ files: [png(), stl(), png('empty.png', 0)], entries: [], policy, seq: 0, preview });
    expect(plan.added.map((a) => a.previewUrl)).toEqual(['blob:shot.png', undefined, undefined]);
    const none = planAdd({ files: [png()], entries: [], policy: { ...policy, previews: false }, seq: 0, preview });
    expect(none.added[0]?.previewUrl).toBeUndefined();
  });
});

describe('upload outcomes', () => {
  it('patches one entry and leaves a removed one removed', () => {
    const entries = [entry({ key: 'u1', status: 'uploading', progress: 0 }), entry({ key: 'u2' })];
    expect(patchEntry(entries, 'u1', { progress: 0.5 })[0]?.progress).toBe(0.5);
    expect(patchEntry(entries, 'gone', { progress: 0.5 })).toEqual(entries);
  });

  it('takes the server’s id, kind, type and size once stored', () => {
    expect(
      uploadedPatch({ id: 'f1', name: 'x.step', size: 99, contentType: 'model/step', kind: 'cad', sha256: null }),
    ).toEqual({
      status: 'done',
      progress: 1,
      id: 'f1',
      kind: 'cad',
      contentType: 'model/step',
      size: 99,
    });
  });

  it('says a failure in the server’s words, or the policy’s when it gave none', () => {
    expect(failedPatch(new ApiError(415, 'TYPE', 'x.exe: not accepted.'), 'x.exe', policy)).toEqual({
      status: 'failed',
      error: 'x.exe: not accepted.',
    });
    expect(failedPatch(new Error('boom'), 'x.png', policy)).toEqual({ status: 'failed', error: 'x.png: failed.' });
  });

  it('lists finished ids in order and knows when uploads still run', () => {
    const entries = [
      entry({ key: 'a', id: 'f1' }),
      entry({ key: 'b', status: 'uploading', progress: 0.2 }),
      entry({ key: 'c', status: 'failed' }),
      entry({ key: 'd', id: 'f2' }),
    ];
    expect(uploadedIds(entries)).toEqual(['f1', 'f2']);
    expect(isBusy(entries)).toBe(true);
    expect(isBusy([entries[0]!])).toBe(false);
    expect(keptCount(entries)).toBe(3);
  });
});

describe('the quote form’s files', () => {
  it('names a pasted screenshot by its time and keeps a real name', () => {
    expect(REQUEST_FILES.nameOf({ name: 'image.png', size: 1, type: 'image/png' })).toMatch(
      /^pasted-\d{8}-\d{6}\.png$/,
    );
    expect(REQUEST_FILES.nameOf({ name: '', size: 1, type: 'image/jpeg' })).toMatch(/\.jpg$/);
    expect(REQUEST_FILES.nameOf({ name: 'bracket.stl', size: 1, type: '' })).toBe('bracket.stl');
  });

  it('checks each file against the per-request limit and the accepted types', () => {
    expect(REQUEST_FILES.precheck({ name: 'a.png', size: 10, type: 'image/png' }, 0)).toBeNull();
    expect(REQUEST_FILES.precheck({ name: 'a.exe', size: 10, type: '' }, 0)).toMatch(/not accepted/);
    expect(REQUEST_FILES.precheck({ name: 'a.png', size: 10, type: 'image/png' }, 1000)).toMatch(/at most/);
    expect(REQUEST_FILES.failed('a.png')).toBe('a.png: the upload failed. Remove the file and try again.');
  });
});

describe('refused files', () => {
  const listed = (key: string, status: QueuedFile['status'], extra: Partial<QueuedFile> = {}): QueuedFile => ({
    key,
    name: `${key}.png`,
    size: 10,
    kind: 'image',
    status,
    progress: 0,
    contentType: 'image/png',
    ...extra,
  });

  it('a file the server refused loses its local preview, keeping its reason', () => {
    const entries = [
      listed('f1', 'uploading', { previewUrl: 'blob:1' }),
      listed('f2', 'done', { previewUrl: 'blob:2' }),
    ];
    const failed = failEntry(entries, 'f1', { status: 'failed', error: 'f1.png: not a PNG.' });
    expect(failed[0]).toEqual(listed('f1', 'failed', { error: 'f1.png: not a PNG.' }));
    expect(failed[0]).not.toHaveProperty('previewUrl');
    expect(failed[1]).toEqual(entries[1]);
  });

  it('a file the pre-check refused never gets a preview', () => {
    const plan = planAdd({
      files: [{ name: 'drawing.svg', size: 10, type: 'image/svg+xml' }],
      entries: [],
      policy: REQUEST_FILES,
      seq: 0,
      preview: () => 'blob:x',
    });
    expect(plan.added[0]?.status).toBe('failed');
    expect(plan.added[0]).not.toHaveProperty('previewUrl');
  });

  it('blocks sending while a refused file is listed, naming it, and while uploads run', () => {
    expect(queueProblem([listed('f1', 'done')])).toBeNull();
    expect(queueProblem([])).toBeNull();
    expect(queueProblem([listed('f1', 'done'), listed('f2', 'failed')])).toMatchInlineSnapshot(
      `"1 file was not attached: f2.png. Remove it to continue, or choose a file that is accepted."`,
    );
    expect(queueProblem([listed('f1', 'failed'), listed('f2', 'failed')])).toMatchInlineSnapshot(
      `"2 files were not attached: f1.png, f2.png. Remove them to continue, or choose files that are accepted."`,
    );
    expect(queueProblem([listed('f1', 'uploading'), listed('f2', 'failed')])).toMatchInlineSnapshot(
      `"Wait until every file has finished uploading, or remove the ones still uploading."`,
    );
    expect(refusedFiles([listed('f1', 'done'), listed('f2', 'failed')]).map((e) => e.key)).toEqual(['f2']);
  });
});
