import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.js';
import {
  approverContact,
  createRequestSchema,
  fieldErrors,
  isSchemaError,
  parseOrThrow,
  serverToday,
  stepSchemas,
  toOptionalNumber,
  type QuoteRequestInput,
} from '../../src/domain/request-schema.js';

const TODAY = '2026-11-25';
const schema = createRequestSchema({ today: TODAY });

function validRequest(): QuoteRequestInput {
  return {
    clientDraftId: '3b241101-e2bb-4255-8caf-4136c566a962',
    mode: 'production',
    part: {
      name: 'Pump housing bracket',
      problem: 'The original clip cracks after a week near the heater.',
      kind: 'replacement',
      size: { lengthMm: 120, widthMm: 40, heightMm: 25.5 },
      material: 'PETG',
      environment: { heat: true, load: true, motion: false, outdoorUv: false, chemicals: false, notes: 'Up to 70 °C' },
      finish: 'As printed',
    },
    quantities: { openingLot: 50, total: 500, provisional: true },
    neededBy: '2026-12-15',
    fileIds: ['upl_1', 'upl_2'],
    technicalContact: {
      name: 'Tess Tech',
      email: 'tess@acme.example',
      phone: '+49 30 1234567',
      company: 'Acme Pumps GmbH',
    },
    sameContactForBothRoles: false,
    purchasingApprover: {
      name: 'Paul Purchase',
      email: 'paul@acme.example',
      company: 'Acme Pumps GmbH',
      jobTitle: 'Buyer',
      poStatus: 'issued',
      poNumber: '4411',
    },
  };
}

const DELETE = Symbol('delete');

/** A deep copy with changes at dot paths (`DELETE` removes a key), so each case states only what it breaks. */
function withChange(changes: Record<string, unknown>): unknown {
  const draft: unknown = structuredClone(validRequest());
  for (const [path, value] of Object.entries(changes)) {
    const keys = path.split('.');
    const last = keys.pop() ?? '';
    let target = draft;
    for (const key of keys) target = isRecord(target) ? target[key] : undefined;
    if (!isRecord(target)) throw new Error(`no object at ${path}`);
    if (value === DELETE) delete target[last];
    else target[last] = value;
  }
  return draft;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function errorsOf(input: unknown): Record<string, string> {
  const result = schema.safeParse(input);
  if (result.success) throw new Error('expected the input to be refused');
  return fieldErrors(result.error);
}

describe('request schema: valid requests', () => {
  it('accepts a complete production request and trims text', () => {
    const input = withChange({
      'part.name': '  Pump housing bracket  ',
      'technicalContact.email': ' tess@acme.example ',
    });
    const result = schema.safeParse(input);
    expect(result.success).toBe(true);
    expect(result.data?.part.name).toBe('Pump housing bracket');
    expect(result.data?.technicalContact.email).toBe('tess@acme.example');
  });

  it('accepts one person in both roles when declared, taking the approver from the technical contact', () => {
    const result = schema.safeParse(
      withChange({
        sameContactForBothRoles: true,
        purchasingApprover: { poStatus: 'in_progress', name: 'leftover from the form' },
      }),
    );
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.data.purchasingApprover).toEqual({ poStatus: 'in_progress' });
    expect(approverContact(result.data)).toMatchObject({
      name: 'Tess Tech',
      email: 'tess@acme.example',
      company: 'Acme Pumps GmbH',
      poStatus: 'in_progress',
    });
  });

  it('returns the named approver when roles are separate', () => {
    const result = schema.parse(validRequest());
    expect(approverContact(result)).toMatchObject({ name: 'Paul Purchase', email: 'paul@acme.example' });
  });

  it.each([
    ['sample', { sample: 2, provisional: false }],
    ['production', { total: 500, provisional: true }],
    ['production', { openingLot: 50, provisional: true }],
    ['rough_estimate', { total: 100, provisional: true }],
    ['rough_estimate', { sample: 1, provisional: false }],
  ])('accepts mode %s with quantities %j', (mode, quantities) => {
    expect(schema.safeParse(withChange({ mode, quantities })).success).toBe(true);
  });

  it('accepts today as the needed-by date and empty optional texts', () => {
    const result = schema.safeParse(
      withChange({ neededBy: TODAY, 'technicalContact.phone': '', 'part.finish': '', fileIds: [] }),
    );
    expect(result.success).toBe(true);
  });
});

describe('request schema: each invalid field names itself with a message a person can act on', () => {
  const cases: [string, Record<string, unknown>][] = [
    ['missing draft id', { clientDraftId: DELETE }],
    ['unknown mode', { mode: 'urgent' }],
    ['empty part name', { 'part.name': '   ' }],
    ['long part name', { 'part.name': 'x'.repeat(121) }],
    ['empty problem', { 'part.problem': '' }],
    ['bad kind', { 'part.kind': 'other' }],
    ['length missing', { 'part.size.lengthMm': DELETE }],
    ['width zero', { 'part.size.widthMm': 0 }],
    ['height too big', { 'part.size.heightMm': 2001 }],
    ['length as text', { 'part.size.lengthMm': '120' }],
    ['empty material', { 'part.material': '' }],
    ['heat not boolean', { 'part.environment.heat': 'yes' }],
    ['environment missing', { 'part.environment': DELETE }],
    ['fractional quantity', { 'quantities.total': 2.5 }],
    ['zero quantity', { 'quantities.openingLot': 0 }],
    ['provisional missing', { 'quantities.provisional': DELETE }],
    ['opening lot above total', { quantities: { openingLot: 600, total: 500, provisional: false } }],
    ['production without total or lot', { quantities: { sample: 2, provisional: false } }],
    ['sample without sample qty', { mode: 'sample', quantities: { total: 10, provisional: false } }],
    ['estimate without any qty', { mode: 'rough_estimate', quantities: { provisional: true } }],
    ['needed-by in the past', { neededBy: '2026-11-24' }],
    ['needed-by not a date', { neededBy: 'next week' }],
    ['needed-by impossible date', { neededBy: '2027-02-30' }],
    ['needed-by too far', { neededBy: '2032-01-01' }],
    ['eleven files', { fileIds: Array.from({ length: 11 }, (_, i) => `upl_${i}`) }],
    ['duplicate file', { fileIds: ['upl_1', 'upl_1'] }],
    ['file id with a path', { fileIds: ['../etc/passwd'] }],
    ['technical name missing', { 'technicalContact.name': '' }],
    ['technical email invalid', { 'technicalContact.email': 'tess at acme' }],
    ['technical company missing', { 'technicalContact.company': DELETE }],
    ['phone with letters', { 'technicalContact.phone': 'call me' }],
    ['approver email invalid', { 'purchasingApprover.email': 'paul@' }],
    ['approver name missing', { 'purchasingApprover.name': DELETE }],
    ['po status unknown', { 'purchasingApprover.poStatus': 'maybe' }],
    ['issued PO without number', { 'purchasingApprover.poNumber': '' }],
    ['same email without declaration', { 'purchasingApprover.email': 'TESS@acme.example' }],
    ['role declaration missing', { sameContactForBothRoles: DELETE }],
    [
      'declared same person, issued PO without number',
      { sameContactForBothRoles: true, purchasingApprover: { poStatus: 'issued' } },
    ],
  ];

  it.each(cases)('%s', (_name, change) => {
    const errors = errorsOf(withChange(change));
    expect(Object.keys(errors)).toHaveLength(1);
  });

  it('messages read as instructions (snapshot of every case)', () => {
    const messages = Object.fromEntries(cases.map(([name, change]) => [name, errorsOf(withChange(change))]));
    expect(messages).toMatchInlineSnapshot(`
      {
        "approver email invalid": {
          "purchasingApprover.email": "Enter the full address, e.g. ada@acme.com.",
        },
        "approver name missing": {
          "purchasingApprover.name": "Enter the approver's name.",
        },
        "bad kind": {
          "part.kind": "Choose whether the part replaces an existing one or is new.",
        },
        "declared same person, issued PO without number": {
          "purchasingApprover.poNumber": "Enter the PO number, or choose "In progress" if it is not issued yet.",
        },
        "duplicate file": {
          "fileIds": "Each file can be attached only once; remove the duplicate.",
        },
        "eleven files": {
          "fileIds": "Attach at most 10 files; remove some and try again.",
        },
        "empty material": {
          "part.material": "Enter a material preference, e.g. PETG, or choose "Help me choose".",
        },
        "empty part name": {
          "part.name": "Enter a name for the part, e.g. "Pump housing bracket".",
        },
        "empty problem": {
          "part.problem": "Describe the problem the part solves, e.g. "The original clip cracks after a week near the heater."",
        },
        "environment missing": {
          "part.environment": "Say which conditions the part is exposed to: heat, load, motion, outdoor use, chemicals.",
        },
        "estimate without any qty": {
          "quantities.total": "Enter the quantity you want priced, e.g. 100; a rough figure is fine.",
        },
        "file id with a path": {
          "fileIds.0": "A file is missing; remove it and upload it again.",
        },
        "fractional quantity": {
          "quantities.total": "Enter the total quantity as a whole number, e.g. 50, or leave it empty.",
        },
        "heat not boolean": {
          "part.environment.heat": "Say whether the part is exposed to heat.",
        },
        "height too big": {
          "part.size.heightMm": "The height must be 2000 mm or less; for a larger part, describe it in the problem field.",
        },
        "issued PO without number": {
          "purchasingApprover.poNumber": "Enter the PO number, or choose "In progress" if it is not issued yet.",
        },
        "length as text": {
          "part.size.lengthMm": "Enter the approximate length in millimetres, e.g. 120.",
        },
        "length missing": {
          "part.size.lengthMm": "Enter the approximate length in millimetres, e.g. 120.",
        },
        "long part name": {
          "part.name": "Shorten the part name to 120 characters or fewer.",
        },
        "missing draft id": {
          "clientDraftId": "The form lost its draft id; reload the page and submit again.",
        },
        "needed-by impossible date": {
          "neededBy": "Enter a real calendar date, e.g. 2026-12-25.",
        },
        "needed-by in the past": {
          "neededBy": "Choose a date from today (2026-11-25) onwards.",
        },
        "needed-by not a date": {
          "neededBy": "Enter the date you need the parts by, e.g. 2026-12-25.",
        },
        "needed-by too far": {
          "neededBy": "Choose a date before 2031-11-25; for a longer horizon, say so in the problem field.",
        },
        "opening lot above total": {
          "quantities.openingLot": "The opening lot (600) cannot be larger than the total quantity (500).",
        },
        "phone with letters": {
          "technicalContact.phone": "Enter the phone number with digits, e.g. +49 30 1234567, or leave it empty.",
        },
        "po status unknown": {
          "purchasingApprover.poStatus": "Choose the purchase order status: none yet, in progress, or issued.",
        },
        "production without total or lot": {
          "quantities.total": "Enter the total quantity or the opening lot you want quoted, e.g. 500.",
        },
        "provisional missing": {
          "quantities.provisional": "Say whether the quantity is still moving.",
        },
        "role declaration missing": {
          "sameContactForBothRoles": "Say whether you will also approve the purchase, or name the purchasing approver.",
        },
        "same email without declaration": {
          "purchasingApprover.email": "This is the technical contact's email. If you will also approve the purchase, tick "I will also approve the purchase"; otherwise enter the approver's own email.",
        },
        "sample without sample qty": {
          "quantities.sample": "Enter how many samples you need, e.g. 2.",
        },
        "technical company missing": {
          "technicalContact.company": "Enter the technical contact's company, e.g. Acme Pumps GmbH.",
        },
        "technical email invalid": {
          "technicalContact.email": "Enter the full address with an @, e.g. ada@acme.com.",
        },
        "technical name missing": {
          "technicalContact.name": "Enter the technical contact's name.",
        },
        "unknown mode": {
          "mode": "Choose what you need now: a rough estimate, a sample, or a production quote.",
        },
        "width zero": {
          "part.size.widthMm": "The width must be more than 0 mm.",
        },
        "zero quantity": {
          "quantities.openingLot": "The opening lot must be at least 1, or leave it empty.",
        },
      }
    `);
  });

  it('reports every bad field at once, not only the first', () => {
    const errors = errorsOf(
      withChange({
        'part.name': '',
        quantities: { provisional: false },
        'technicalContact.email': 'nope',
        'purchasingApprover.poNumber': undefined,
      }),
    );
    expect(Object.keys(errors).sort()).toEqual([
      'part.name',
      'purchasingApprover.poNumber',
      'quantities.total',
      'technicalContact.email',
    ]);
  });

  it.each([null, 'text', 42, []])('refuses a body that is not an object (%j) without throwing', (body) => {
    expect(errorsOf(body)._form).toContain('submit it again');
  });

  it('ignores fields it does not know instead of storing them', () => {
    const result = schema.parse(withChange({ admin: true }));
    expect(result).not.toHaveProperty('admin');
  });
});

describe('per-step schemas', () => {
  const steps = stepSchemas({ today: TODAY });

  it('validate only their own step, so the form can move on with later steps empty', () => {
    const partial = {
      mode: 'sample',
      part: validRequest().part,
      quantities: { sample: 2, provisional: false },
      neededBy: TODAY,
    };
    expect(steps.mode.safeParse(partial).success).toBe(true);
    expect(steps.part.safeParse(partial).success).toBe(true);
    expect(steps.technical.safeParse(partial).success).toBe(false);
  });

  it('check quantities against the mode within the first step, where both are asked', () => {
    const result = steps.mode.safeParse({
      mode: 'sample',
      part: validRequest().part,
      quantities: { total: 5, provisional: false },
      neededBy: TODAY,
    });
    expect(result.success).toBe(false);
    if (!result.success) expect(Object.keys(fieldErrors(result.error))).toEqual(['quantities.sample']);
  });

  it('purchasing step names the missing declaration on its own field', () => {
    const result = steps.purchasing.safeParse({});
    expect(result.success).toBe(false);
    if (!result.success) expect(Object.keys(fieldErrors(result.error))).toEqual(['sameContactForBothRoles']);
  });

  it('files step refuses more than ten files', () => {
    expect(steps.files.safeParse({ fileIds: Array.from({ length: 10 }, (_, i) => `f${i}`) }).success).toBe(true);
    expect(steps.files.safeParse({ fileIds: Array.from({ length: 11 }, (_, i) => `f${i}`) }).success).toBe(false);
  });
});

describe('helpers', () => {
  it('fieldErrors keeps the first message per path and joins with dots', () => {
    expect(
      fieldErrors({
        issues: [
          { path: ['part', 'size', 'lengthMm'], message: 'first' },
          { path: ['part', 'size', 'lengthMm'], message: 'second' },
          { path: ['fileIds', 3], message: 'file' },
          { path: [], message: 'whole' },
        ],
      }),
    ).toEqual({ 'part.size.lengthMm': 'first', 'fileIds.3': 'file', _form: 'whole' });
  });

  it('parseOrThrow throws a VALIDATION AppError carrying the field messages', () => {
    let thrown: unknown;
    try {
      parseOrThrow(schema, withChange({ 'part.name': '' }));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect(thrown).toMatchObject({ code: 'VALIDATION', status: 422 });
    expect(Object.keys((thrown as AppError).fields ?? {})).toEqual(['part.name']);
    expect(parseOrThrow(schema, validRequest()).part.name).toBe('Pump housing bracket');
  });

  it('isSchemaError recognises errors thrown by these schemas', () => {
    let thrown: unknown;
    try {
      schema.parse({});
    } catch (error) {
      thrown = error;
    }
    expect(isSchemaError(thrown)).toBe(true);
    expect(isSchemaError(new Error('x'))).toBe(false);
  });

  it.each([
    ['', undefined],
    ['  ', undefined],
    [' 12 ', 12],
    ['1e2', 100],
    ['abc', Number.NaN],
    [7, 7],
    [null, undefined],
  ])('toOptionalNumber(%j) is %s', (input, expected) => {
    expect(toOptionalNumber(input)).toBe(expected);
  });

  it('a number input that holds garbage is named by the schema, not silently dropped', () => {
    const errors = errorsOf(withChange({ 'quantities.total': toOptionalNumber('lots') }));
    expect(Object.keys(errors)).toEqual(['quantities.total']);
  });

  it("serverToday accepts the date that is still today at UTC-12, so no customer's today is refused", () => {
    expect(serverToday(new Date('2026-11-25T03:00:00Z'))).toBe('2026-11-24');
    expect(serverToday(new Date('2026-11-25T13:00:00Z'))).toBe('2026-11-25');
  });
});
