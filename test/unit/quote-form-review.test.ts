import { describe, expect, it } from 'vitest';
import { MAX_FILES } from '../../src/domain/request-schema.js';
import { startingHandoffNote } from '../../src/islands/quote-form/handoff-preview.js';
import { formatBytes, goesDirect, kindOf, pastedFileName, precheckFile } from '../../src/islands/lib/files.js';
import { nextStepsByRole, reviewSections } from '../../src/islands/quote-form/review.js';
import { emptyValues, type FormValues } from '../../src/islands/quote-form/values.js';

function values(): FormValues {
  const v = emptyValues('7b1a4a52-8a2b-4f7e-9a37-0c1d2e3f4a5b');
  v.mode = 'production';
  v.part = {
    name: 'Pump bracket',
    problem: 'Cracks near the heater.',
    kind: 'replacement',
    size: { lengthMm: 120, widthMm: 40, heightMm: 30 },
    material: 'help_me_choose',
    environment: { heat: true, load: false, motion: true, outdoorUv: false, chemicals: false, notes: '' },
    finish: '',
  };
  v.quantities = { sample: undefined, openingLot: 50, total: 500, provisional: true };
  v.neededBy = '2027-03-31';
  v.technicalContact = {
    name: 'Ada Lovelace',
    email: 'ada@acme.test',
    phone: '',
    company: 'Acme',
    jobTitle: 'Engineer',
  };
  v.purchasingApprover = {
    name: 'Bo Buyer',
    email: 'bo@acme.test',
    company: 'Acme',
    jobTitle: '',
    poStatus: 'issued',
    poNumber: 'PO-4411',
  };
  return v;
}

const rows = (v: FormValues) =>
  Object.fromEntries(
    reviewSections(v, []).map((s) => [s.step, Object.fromEntries(s.rows.map((r) => [r.label, r.value]))]),
  );

describe('reviewSections', () => {
  it('lists everything entered, in words', () => {
    const r = rows(values());
    expect(r.mode).toEqual({
      'Production quote':
        'The shop sends a firm quote; only your purchasing approver can release it, with a PO, through their own link.',
      Quantities: 'Opening lot: 50, Total: 500 (still moving)',
      'Needed by': '2027-03-31',
    });
    expect(r.part).toMatchObject({
      Name: 'Pump bracket',
      'Replacement or new': 'Replaces an existing part',
      'Approximate size': '120 × 40 × 30 mm (L × W × H)',
      Material: 'Help me choose',
      Environment: 'Heat, motion or vibration',
    });
    expect(r.part).not.toHaveProperty('Quantities');
    expect(r.part).not.toHaveProperty('Finish');
    expect(r.technical).toEqual({
      Name: 'Ada Lovelace',
      Email: 'ada@acme.test',
      Company: 'Acme',
      'Job title': 'Engineer',
    });
    expect(r.purchasing).toEqual({
      Name: 'Bo Buyer',
      Email: 'bo@acme.test',
      Company: 'Acme',
      'Purchase order': 'Purchase order issued: PO-4411',
    });
    expect(r.files).toEqual({ Files: 'None attached' });
  });

  it('states plainly when the technical contact also approves the purchase', () => {
    const v = values();
    v.sameContactForBothRoles = true;
    v.purchasingApprover.poStatus = 'none';
    expect(rows(v).purchasing).toMatchInlineSnapshot(`
      {
        "Approver": "Ada Lovelace will also approve the purchase. The technical review link does not release an order: a quote is released only by accepting it through the separate purchasing link.",
        "Purchase order": "No purchase order yet",
      }
    `);
  });

  it('lists attached files with kind and size', () => {
    const sections = reviewSections(values(), [
      { id: 'a', name: 'photo.png', size: 2048, contentType: 'image/png', kind: 'image' },
      { id: 'b', name: 'part.stl', size: 3 * 1024 * 1024, contentType: 'model/stl', kind: 'cad' },
    ]);
    expect(sections.find((s) => s.step === 'files')?.rows).toEqual([
      { label: 'Image', value: 'photo.png (2 KB)' },
      { label: 'CAD file', value: 'part.stl (3 MB)' },
    ]);
  });

  it('the handoff note is the domain sentence for a new request', () => {
    expect(startingHandoffNote(values())).toMatchInlineSnapshot(
      `"Technical review is still pending with the technical contact; no quote has been issued yet."`,
    );
  });
});

describe('nextStepsByRole', () => {
  it('names each role and what they receive', () => {
    const steps = nextStepsByRole(values());
    expect(steps.map((s) => s.label)).toEqual([
      'Ada Lovelace (technical contact)',
      'Bo Buyer (purchasing approver)',
      'The shop',
    ]);
    expect(steps[1]?.value).toContain('Nothing is theirs to approve until a quote arrives');
  });

  it('one person in both roles gets one message that says review does not order', () => {
    const v = values();
    v.sameContactForBothRoles = true;
    const steps = nextStepsByRole(v);
    expect(steps).toHaveLength(2);
    expect(steps[0]?.label).toBe('Ada Lovelace (technical contact and purchasing approver)');
    expect(steps[0]?.value).toContain('Reviewing the part does not order anything');
  });
});

describe('file pre-check', () => {
  it.each([
    ['bracket.png', 'image'],
    ['PHOTO.JPEG', 'image'],
    ['scan.webp', 'image'],
    ['part.STL', 'cad'],
    ['part.3mf', 'cad'],
    ['part.stp', 'cad'],
    ['part.step', 'cad'],
    ['drawing.svg', undefined],
    ['notes.pdf', undefined],
    ['noextension', undefined],
  ])('%s → %s', (name, kind) => {
    expect(kindOf(name)).toBe(kind);
  });

  it('a nameless pasted image is judged by its type', () => {
    expect(kindOf('', 'image/png')).toBe('image');
    expect(kindOf('', 'image/svg+xml')).toBeUndefined();
  });

  it('names the file and the problem', () => {
    expect(precheckFile({ name: 'bracket.svg', size: 10, count: 0 })).toBe(
      'bracket.svg: .svg files are not accepted. Use PNG, JPEG, WebP, STL, 3MF or STEP.',
    );
    expect(precheckFile({ name: 'big.png', size: 5 * 1024 * 1024, count: 0 })).toBe(
      'big.png: 5 MB is over the 4 MB limit. Export it smaller or send a screenshot instead.',
    );
    // A large 3D file goes straight to storage in parts, up to 250 MB.
    expect(precheckFile({ name: 'big.stl', size: 5 * 1024 * 1024, count: 0 })).toBeNull();
    expect(goesDirect({ name: 'big.stl', size: 5 * 1024 * 1024 })).toBe(true);
    expect(goesDirect({ name: 'small.stl', size: 4 * 1024 * 1024 })).toBe(false);
    expect(goesDirect({ name: 'big.png', size: 5 * 1024 * 1024 })).toBe(false);
    expect(precheckFile({ name: 'huge.stl', size: 251 * 1024 * 1024, count: 0 })).toBe(
      'huge.stl: 251 MB is over the 250 MB limit for 3D files. Export it with a coarser resolution and try again.',
    );
    expect(precheckFile({ name: 'empty.png', size: 0, count: 0 })).toBe('empty.png: the file is empty.');
    expect(precheckFile({ name: 'one.png', size: 10, count: MAX_FILES })).toBe(
      `one.png: at most ${MAX_FILES} files per request; remove one first.`,
    );
    expect(precheckFile({ name: 'ok.png', size: 4 * 1024 * 1024, count: MAX_FILES - 1 })).toBeNull();
  });

  it('formats sizes and names pasted images', () => {
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(1536)).toBe('2 KB');
    expect(formatBytes(1.25 * 1024 * 1024)).toBe('1.3 MB');
    expect(pastedFileName('image/png', new Date('2026-11-25T10:11:12Z'))).toBe('pasted-20261125-101112.png');
    expect(pastedFileName('image/jpeg', new Date('2026-11-25T10:11:12Z'))).toBe('pasted-20261125-101112.jpg');
  });
});
