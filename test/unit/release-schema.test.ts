/** The release inputs (accept, hold, decline) and the page's words for the technical track. */
import { describe, expect, it } from 'vitest';
import { acceptFingerprintSource, acceptSchema, declineSchema, holdSchema } from '../../src/domain/release-schema.js';
import { fieldErrors } from '../../src/domain/request-schema.js';
import { decidable, technicalWords } from '../../src/islands/release/logic.js';

const valid = { poNumber: 'PO-4411', budgetCode: '', name: 'Paul', jobTitle: 'Buyer', authorised: true };

function errorsOf(schema: { safeParse(v: unknown): { success: boolean; error?: unknown } }, value: unknown) {
  const result = schema.safeParse(value);
  return result.success ? {} : fieldErrors(result.error as Parameters<typeof fieldErrors>[0]);
}

describe('acceptSchema', () => {
  it('accepts a full release and trims what people type', () => {
    expect(acceptSchema({ poRequired: true }).parse({ ...valid, poNumber: '  PO-4411 ' }).poNumber).toBe('PO-4411');
  });

  it.each([
    [{ poNumber: '' }, 'poNumber', 'Enter the purchase order number; the shop needs it on the invoice.'],
    [
      { authorised: false },
      'authorised',
      'Confirm that you are authorised to release this order; without it nothing is released.',
    ],
    [{ name: ' ' }, 'name', 'Enter your name as it should appear on the release.'],
    [{ jobTitle: '' }, 'jobTitle', 'Enter your job title, e.g. Purchasing manager.'],
    [{ budgetCode: 'b'.repeat(61) }, 'budgetCode', 'Shorten the budget or project code to 60 characters or fewer.'],
  ])('refuses %j with a message on %s', (change, field, message) => {
    expect(errorsOf(acceptSchema({ poRequired: true }), { ...valid, ...change })).toEqual({ [field]: message });
  });

  it('lets a release without a PO number through when the shop allows it', () => {
    expect(errorsOf(acceptSchema({ poRequired: false }), { ...valid, poNumber: '' })).toEqual({});
  });

  it('fingerprints the same release the same way whatever the case of name and title', () => {
    const a = acceptSchema({ poRequired: true }).parse(valid);
    const b = acceptSchema({ poRequired: true }).parse({ ...valid, name: 'PAUL', jobTitle: 'buyer ' });
    const c = acceptSchema({ poRequired: true }).parse({ ...valid, poNumber: 'PO-4412' });
    expect(acceptFingerprintSource(a)).toBe(acceptFingerprintSource(b));
    expect(acceptFingerprintSource(a)).not.toBe(acceptFingerprintSource(c));
  });
});

describe('hold and decline', () => {
  it('needs a reason, and a note when the reason is "other" or "changes"', () => {
    expect(errorsOf(holdSchema, {})).toHaveProperty('reason');
    expect(errorsOf(holdSchema, { reason: 'budget' })).toEqual({});
    expect(errorsOf(holdSchema, { reason: 'other', note: '' })).toHaveProperty('note');
    expect(errorsOf(declineSchema, { reason: 'changes_needed' })).toHaveProperty('note');
    expect(errorsOf(declineSchema, { reason: 'price', note: 'Too high for the pilot' })).toEqual({});
  });

  it('takes an optional follow-up date on a hold, a day that exists', () => {
    expect(holdSchema.parse({ reason: 'budget' }).followUpOn).toBe('');
    expect(holdSchema.parse({ reason: 'budget', followUpOn: '2026-07-01' }).followUpOn).toBe('2026-07-01');
    for (const bad of ['2026-04-31', '1 July', '2026-7-1', 42]) {
      expect(errorsOf(holdSchema, { reason: 'budget', followUpOn: bad }).followUpOn).toMatch(/follow-up date/);
    }
  });
});

describe('the release page words', () => {
  it('says a release before technical review is fine and production waits', () => {
    expect(technicalWords('awaiting_review')).toEqual({
      text: 'Technical review is still pending: you can release now, production waits for it.',
      tone: 'wait',
    });
    expect(technicalWords('direction_confirmed').tone).toBe('ok');
    expect(technicalWords('first_article_accepted').tone).toBe('ok');
    expect(technicalWords('sample_required').text).toMatch(/production waits/);
  });

  it('says why a revision cannot be decided', () => {
    const now = new Date('2027-01-01T00:00:00Z');
    const later = '2027-02-01T00:00:00Z';
    expect(decidable({ status: 'open', expiresAt: later }, now)).toBeNull();
    expect(decidable({ status: 'on_hold', expiresAt: later }, now)).toBeNull();
    expect(decidable({ status: 'open', expiresAt: '2026-12-31T00:00:00Z' }, now)).toMatch(/expired/);
    expect(decidable({ status: 'superseded', expiresAt: later }, now)).toMatch(/newer revision/);
    expect(decidable({ status: 'canceled', expiresAt: later }, now)).toMatch(/canceled/);
    expect(decidable({ status: 'accepted', expiresAt: later }, now)).toBe('This quote is released.');
  });
});
