import { describe, expect, it } from 'vitest';
import {
  FIELD_ORDER,
  STEPS,
  fieldId,
  firstStepWithError,
  flattenErrors,
  localToday,
  nextStep,
  normaliseFieldPath,
  orderErrors,
  pickerDate,
  previousStep,
  stepLabel,
  stepOfField,
} from '../../src/islands/quote-form/steps.js';
import { schemaForStep } from '../../src/islands/quote-form/step-schema.js';
import { emptyValues, type FormValues } from '../../src/islands/quote-form/values.js';
import { fieldErrors } from '../../src/domain/request-schema.js';

const TODAY = '2026-11-25';
const DRAFT_ID = '7b1a4a52-8a2b-4f7e-9a37-0c1d2e3f4a5b';

function validValues(): FormValues {
  const v = emptyValues(DRAFT_ID);
  v.mode = 'production';
  v.part = {
    ...v.part,
    name: 'Pump bracket',
    problem: 'The clip cracks near the heater.',
    kind: 'replacement',
    size: { lengthMm: 120, widthMm: 40, heightMm: 30 },
    material: 'PETG',
  };
  v.quantities = { ...v.quantities, total: 500 };
  v.neededBy = '2027-03-31';
  v.technicalContact = { name: 'Ada', email: 'ada@acme.test', phone: '', company: 'Acme', jobTitle: '' };
  v.purchasingApprover = {
    ...v.purchasingApprover,
    name: 'Bo',
    email: 'bo@acme.test',
    company: 'Acme',
    poStatus: 'none',
  };
  return v;
}

function errorsFor(step: Parameters<typeof schemaForStep>[0], values: FormValues): Record<string, string> {
  const result = schemaForStep(step, TODAY).safeParse(values);
  return result.success ? {} : fieldErrors(result.error);
}

describe('step order and labels', () => {
  it('has six steps from mode to review, numbered for people', () => {
    expect(STEPS.map((s) => s.name)).toEqual(['mode', 'part', 'files', 'technical', 'purchasing', 'review']);
    expect(stepLabel('part')).toBe('Step 2 of 6');
    expect(stepLabel('review')).toBe('Step 6 of 6');
  });

  it('next and back stop at the ends', () => {
    expect(nextStep('mode')).toBe('part');
    expect(nextStep('purchasing')).toBe('review');
    expect(nextStep('review')).toBe('review');
    expect(previousStep('part')).toBe('mode');
    expect(previousStep('mode')).toBe('mode');
  });
});

describe('which step holds a field', () => {
  it.each([
    ['mode', 'mode'],
    ['part.name', 'part'],
    ['part.size.lengthMm', 'part'],
    ['part.size', 'part'],
    ['quantities.total', 'mode'],
    ['neededBy', 'mode'],
    ['fileIds', 'files'],
    ['fileIds.3', 'files'],
    ['technicalContact.email', 'technical'],
    ['sameContactForBothRoles', 'purchasing'],
    ['purchasingApprover.poNumber', 'purchasing'],
    ['clientDraftId', 'review'],
    ['_form', 'review'],
    ['somethingNew', 'review'],
  ])('%s → %s', (path, step) => {
    expect(stepOfField(path)).toBe(step);
  });

  it('the first step with an error is the earliest, whatever the key order', () => {
    expect(firstStepWithError({ 'technicalContact.email': 'x', 'part.name': 'y', fileIds: 'z' })).toBe('part');
    expect(firstStepWithError({})).toBeUndefined();
  });

  it('every field in the screen order maps to a real step and a unique id', () => {
    const ids = FIELD_ORDER.map(fieldId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const path of FIELD_ORDER) expect(stepOfField(path)).not.toBe('review');
  });

  it('group and array errors land on an input that exists', () => {
    expect(normaliseFieldPath('part.size')).toBe('part.size.lengthMm');
    expect(normaliseFieldPath('fileIds.0')).toBe('fileIds');
    expect(fieldId('part.size')).toBe('q-part-size-lengthMm');
    expect(fieldId('technicalContact.email')).toBe('q-technicalContact-email');
  });

  it('orders errors as they appear on screen', () => {
    const ordered = orderErrors({
      'part.size.heightMm': 'h',
      zzz: 'unknown',
      'part.name': 'n',
      neededBy: 'd',
      'part.size.lengthMm': 'l',
    });
    expect(ordered.map((e) => e.path)).toEqual([
      'neededBy',
      'part.name',
      'part.size.lengthMm',
      'part.size.heightMm',
      'zzz',
    ]);
  });
});

describe('per-step schemas', () => {
  it('a blank form fails the first step on the mode, the quantities and the date, in the domain words', () => {
    expect(errorsFor('mode', emptyValues(DRAFT_ID))).toMatchInlineSnapshot(`
      {
        "mode": "Choose what you need now: a rough estimate, a sample, or a production quote.",
        "neededBy": "Enter the date you need the parts by, e.g. 2026-12-25.",
      }
    `);
  });

  it('the first step asks a sample request for the sample quantity, and dates its example from today', () => {
    const values = emptyValues(DRAFT_ID);
    values.mode = 'sample';
    expect(errorsFor('mode', values)).toMatchInlineSnapshot(`
      {
        "neededBy": "Enter the date you need the parts by, e.g. 2026-12-25.",
        "quantities.sample": "Enter how many samples you need, e.g. 2.",
      }
    `);
  });

  it('the part step names every missing part field at once', () => {
    const values = emptyValues(DRAFT_ID);
    values.mode = 'sample';
    const errors = errorsFor('part', values);
    expect(Object.keys(errors).sort()).toEqual(
      [
        'part.kind',
        'part.material',
        'part.name',
        'part.problem',
        'part.size.heightMm',
        'part.size.lengthMm',
        'part.size.widthMm',
      ].sort(),
    );
  });

  it('blank optional fields (empty strings) pass', () => {
    const values = validValues();
    for (const step of ['mode', 'part', 'files', 'technical', 'purchasing', 'review'] as const) {
      expect(errorsFor(step, values), step).toEqual({});
    }
  });

  it('the purchasing step catches the same email in both roles unless declared', () => {
    const values = validValues();
    values.purchasingApprover.email = 'ADA@acme.test';
    expect(Object.keys(errorsFor('purchasing', values))).toEqual(['purchasingApprover.email']);
    values.sameContactForBothRoles = true;
    expect(errorsFor('purchasing', values)).toEqual({});
  });

  it('with "I will also approve", only the PO facts are asked for', () => {
    const values = validValues();
    values.sameContactForBothRoles = true;
    values.purchasingApprover = { name: '', email: '', company: '', jobTitle: '', poStatus: 'issued', poNumber: '' };
    expect(errorsFor('purchasing', values)).toEqual({
      'purchasingApprover.poNumber': 'Enter the PO number, or choose "In progress" if it is not issued yet.',
    });
  });

  it('the review step sees errors on earlier steps (e.g. a date that passed since the draft was saved)', () => {
    const values = validValues();
    values.neededBy = '2026-01-01';
    const errors = errorsFor('review', values);
    expect(Object.keys(errors)).toEqual(['neededBy']);
    expect(firstStepWithError(errors)).toBe('mode');
  });

  it('date messages read in the picker format when the form passes it', () => {
    const values = validValues();
    values.neededBy = '';
    const schema = schemaForStep('mode', '2026-12-01', (date) => pickerDate(date, 'en-US'));
    const result = schema.safeParse(values);
    expect(result.success ? {} : fieldErrors(result.error)).toMatchInlineSnapshot(`
      {
        "neededBy": "Enter the date you need the parts by, e.g. 12/31/2026.",
      }
    `);
  });
});

describe('pickerDate', () => {
  it("writes a date as the browser's date picker shows it in that locale", () => {
    expect(pickerDate('2027-03-31', 'en-US')).toBe('03/31/2027');
    expect(pickerDate('2027-03-31', 'en-GB')).toBe('31/03/2027');
    expect(pickerDate('not a date', 'en-US')).toBe('not a date');
  });
});

describe('flattenErrors', () => {
  it('turns react-hook-form nested errors into dot paths, array messages onto the array', () => {
    const flat = flattenErrors({
      mode: { type: 'invalid_value', message: 'Choose a mode.', ref: {} },
      part: { size: { lengthMm: { type: 'x', message: 'Enter the length.' } } },
      fileIds: { root: { type: 'custom', message: 'Remove the duplicate.' }, 1: { message: 'A file is missing.' } },
    });
    expect(flat).toEqual({
      mode: 'Choose a mode.',
      'part.size.lengthMm': 'Enter the length.',
      fileIds: 'Remove the duplicate.',
      'fileIds.1': 'A file is missing.',
    });
  });

  it('ignores empty and non-object input', () => {
    expect(flattenErrors(undefined)).toEqual({});
    expect(flattenErrors({ a: { message: '' } })).toEqual({});
  });
});

describe('localToday', () => {
  it('formats the local calendar date', () => {
    expect(localToday(new Date(2026, 0, 5, 23, 30))).toBe('2026-01-05');
  });
});
