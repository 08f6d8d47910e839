/**
 * The request schema's messages a person meets most: an email that is empty versus one without a
 * proper domain, needed-by examples dated from today (never a fixed, soon past date), and the
 * quantity each mode needs agreeing with the rule the schema enforces.
 */
import { describe, expect, it } from 'vitest';
import {
  MODES,
  QUANTITY_NEED,
  emailProblem,
  fieldErrors,
  neededBySchema,
  stepSchemas,
  technicalContactSchema,
} from '../../src/domain/request-schema.js';

function emailMessage(email: string): string | undefined {
  const result = technicalContactSchema.safeParse({ name: 'Ada', email, company: 'Acme' });
  return result.success ? undefined : fieldErrors(result.error).email;
}

describe('email messages', () => {
  it('an empty address says it is required; one without a proper domain asks for the full address', () => {
    expect({
      empty: emailMessage(''),
      spaces: emailMessage('   '),
      noDomainEnding: emailMessage('ada@acme'),
      nothingAfterAt: emailMessage('ada@'),
      noAt: emailMessage('ada.acme.com'),
      spaceInside: emailMessage('ada lovelace@acme.com'),
      valid: emailMessage('ada@acme.com'),
    }).toMatchInlineSnapshot(`
      {
        "empty": "Enter the technical contact's email address; it is required.",
        "noAt": "Enter the full address with an @, e.g. ada@acme.com.",
        "noDomainEnding": "Enter the full address, e.g. ada@acme.com.",
        "nothingAfterAt": "Enter the full address, e.g. ada@acme.com.",
        "spaceInside": "Check the address: it should look like ada@acme.com, with no spaces.",
        "spaces": "Enter the technical contact's email address; it is required.",
        "valid": undefined,
      }
    `);
  });

  it('the example for a missing domain ending uses what the person typed when it is plain', () => {
    expect(emailProblem('bo.buyer@acme-pumps')).toBe('Enter the full address, e.g. bo.buyer@acme-pumps.com.');
    expect(emailProblem('ada@acme.')).toBe('Enter the full address, e.g. ada@acme.com.');
    expect(emailProblem('<b>@x')).toBe('Enter the full address, e.g. ada@acme.com.');
  });
});

describe('needed-by examples', () => {
  const messages = (today: string, value: string, formatDate?: (date: string) => string) => {
    const result = neededBySchema({ today, formatDate }).safeParse(value);
    return result.success ? undefined : fieldErrors(result.error)._form;
  };

  it('come from today, in the picker format the form passes', () => {
    const us = (date: string) => `${date.slice(5, 7)}/${date.slice(8, 10)}/${date.slice(0, 4)}`;
    expect({
      missing: messages('2026-12-01', '', us),
      impossible: messages('2026-12-01', '2027-02-30', us),
      past: messages('2026-12-01', '2026-11-30', us),
      tooFar: messages('2026-12-01', '2032-01-01', us),
      serverMissing: messages('2026-12-01', ''),
    }).toMatchInlineSnapshot(`
      {
        "impossible": "Enter a real calendar date, e.g. 12/31/2026.",
        "missing": "Enter the date you need the parts by, e.g. 12/31/2026.",
        "past": "Choose a date from today (12/01/2026) onwards.",
        "serverMissing": "Enter the date you need the parts by, e.g. 2026-12-31.",
        "tooFar": "Choose a date before 12/01/2031; for a longer horizon, say so in the problem field.",
      }
    `);
  });

  it('are never in the past, whatever today is', () => {
    for (const today of ['2026-01-31', '2026-12-01', '2027-02-28', '2030-06-15']) {
      const example = /e\.g\. (\d{4}-\d{2}-\d{2})/.exec(messages(today, '') ?? '')?.[1] ?? '';
      expect(example > today, today).toBe(true);
      expect(neededBySchema({ today }).safeParse(example).success, today).toBe(true);
    }
  });
});

describe('quantities each mode needs', () => {
  const steps = stepSchemas({ today: '2026-12-01' });
  const errors = (mode: string, quantities: Record<string, number>) => {
    const result = steps.mode.safeParse({
      mode,
      quantities: { ...quantities, provisional: false },
      neededBy: '2026-12-24',
    });
    return result.success ? {} : fieldErrors(result.error);
  };

  it.each(MODES)('%s: the form labels agree with the rule', (mode) => {
    const need = QUANTITY_NEED[mode];
    const required = Object.entries(need)
      .filter(([, n]) => n === 'required')
      .map(([field]) => field);
    const oneOf = Object.entries(need)
      .filter(([, n]) => n === 'one_of')
      .map(([field]) => field);
    // Nothing given: refused when the mode needs something.
    expect(Object.keys(errors(mode, {})).length > 0).toBe(required.length + oneOf.length > 0);
    // The required ones and any one of the set are enough; the optional ones may stay empty.
    const enough = Object.fromEntries([...required, ...oneOf.slice(0, 1)].map((field) => [field, 5]));
    expect(errors(mode, enough), JSON.stringify(enough)).toEqual({});
    for (const field of required) {
      const without = { ...enough, ...Object.fromEntries(oneOf.map((f) => [f, 5])) };
      delete without[field];
      expect(Object.keys(errors(mode, without)), `${mode} without ${field}`).toContain(`quantities.${field}`);
    }
  });

  it('a sample request must say how many samples, so the form does not mark that field optional', () => {
    expect(QUANTITY_NEED.sample.sample).toBe('required');
    expect(errors('sample', { total: 500 })).toEqual({
      'quantities.sample': 'Enter how many samples you need, e.g. 2.',
    });
  });
});
