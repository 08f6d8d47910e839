/**
 * Every input schema a person's words pass through, checked for two promises: each free-text field
 * refuses what src/domain/text.ts refuses with a message naming that field, and no zod default
 * message ever reaches anyone (whatever the input, every issue carries one of our own sentences).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod/mini';
import { acceptSchema, declineSchema, holdSchema } from '../../src/domain/release-schema.js';
import {
  cancelQuoteSchema,
  estimateFormSchema,
  quoteFormSchema,
  resendLinksSchema,
} from '../../src/domain/quote-schema.js';
import { createRequestSchema, fieldErrors, stepSchemas } from '../../src/domain/request-schema.js';
import { firstArticleSchema, sampleShippedSchema, technicalReviewSchema } from '../../src/domain/review-schema.js';
import { inboxQuerySchema } from '../../src/server/inbox/list-inbox.js';

const TODAY = '2026-11-25';

const request = {
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
  fileIds: ['upl_1'],
  technicalContact: {
    name: 'Tess Tech',
    email: 'tess@acme.example',
    phone: '+49 30 1234567',
    company: 'Acme Pumps GmbH',
    jobTitle: 'Engineer',
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
const checklist = {
  conceptSolvesProblem: 'yes',
  rightVersion: 'yes',
  materialFitsEnvironment: 'yes',
  sampleNeeded: 'no',
  remainingUnknowns: [],
};
const quote = {
  draftId: '6f1c2f0e-8a4b-4c1d-9e2f-0a1b2c3d4e5f',
  scope: 'opening_lot',
  quantity: 50,
  lines: [{ description: 'Bracket', quantity: 50, unitPrice: '12,40' }],
  leadTimeDays: 10,
  shippingTerms: 'DAP',
  paymentTermsDays: 30,
  validDays: 30,
  note: 'Tooling included',
};

interface Case {
  name: string;
  schema: z.ZodMiniType;
  valid: Record<string, unknown>;
  /** Free-text fields: dot path → whether line breaks belong there. */
  text: Record<string, 'single-line' | 'multi-line'>;
}

const steps = stepSchemas({ today: TODAY });
const CASES: Case[] = [
  {
    name: 'quote request',
    schema: createRequestSchema({ today: TODAY }),
    valid: request,
    text: {
      'part.name': 'single-line',
      'part.problem': 'multi-line',
      'part.material': 'single-line',
      'part.environment.notes': 'multi-line',
      'part.finish': 'single-line',
      'technicalContact.name': 'single-line',
      'technicalContact.email': 'single-line',
      'technicalContact.company': 'single-line',
      'technicalContact.jobTitle': 'single-line',
      'purchasingApprover.name': 'single-line',
      'purchasingApprover.email': 'single-line',
      'purchasingApprover.company': 'single-line',
      'purchasingApprover.jobTitle': 'single-line',
      'purchasingApprover.poNumber': 'single-line',
    },
  },
  {
    name: 'form step: mode',
    schema: steps.mode,
    valid: { mode: request.mode, quantities: request.quantities, neededBy: request.neededBy },
    text: {},
  },
  {
    name: 'form step: part',
    schema: steps.part,
    valid: { part: request.part },
    text: { 'part.name': 'single-line', 'part.problem': 'multi-line' },
  },
  { name: 'form step: files', schema: steps.files, valid: { fileIds: [] }, text: {} },
  {
    name: 'form step: technical',
    schema: steps.technical,
    valid: { technicalContact: request.technicalContact },
    text: { 'technicalContact.name': 'single-line' },
  },
  {
    name: 'form step: purchasing',
    schema: steps.purchasing,
    valid: { sameContactForBothRoles: false, purchasingApprover: request.purchasingApprover },
    text: { 'purchasingApprover.company': 'single-line' },
  },
  {
    name: 'technical review',
    schema: technicalReviewSchema,
    valid: { decision: 'direction_confirmed', checklist, notes: 'Fits.', fileIds: [] },
    text: { notes: 'multi-line' },
  },
  {
    name: 'first article',
    schema: firstArticleSchema,
    valid: { decision: 'accepted', checked: ['fit'], notes: 'Fits.', fileIds: [] },
    text: { notes: 'multi-line' },
  },
  {
    name: 'sample shipped',
    schema: sampleShippedSchema,
    valid: { trackingReference: '1Z999', carrier: 'DHL', note: 'Two pieces.' },
    text: { trackingReference: 'single-line', carrier: 'single-line', note: 'multi-line' },
  },
  {
    name: 'accept',
    schema: acceptSchema({ poRequired: true }),
    valid: { poNumber: 'PO-4411', budgetCode: 'MAINT', name: 'Paul', jobTitle: 'Buyer', authorised: true },
    text: { poNumber: 'single-line', budgetCode: 'single-line', name: 'single-line', jobTitle: 'single-line' },
  },
  { name: 'hold', schema: holdSchema, valid: { reason: 'other', note: 'Budget in Q3.' }, text: { note: 'multi-line' } },
  {
    name: 'decline',
    schema: declineSchema,
    valid: { reason: 'price', note: 'Too high.' },
    text: { note: 'multi-line' },
  },
  {
    name: 'firm quote',
    schema: quoteFormSchema,
    valid: quote,
    text: { 'lines.0.description': 'single-line', shippingTerms: 'single-line', note: 'single-line' },
  },
  { name: 'cancel quote', schema: cancelQuoteSchema, valid: { reason: 'Replaced.' }, text: { reason: 'single-line' } },
  {
    name: 'rough estimate',
    schema: estimateFormSchema,
    valid: {
      sendId: '6f1c2f0e-8a4b-4c1d-9e2f-0a1b2c3d4e5f',
      quantity: 100,
      low: '8.00',
      high: '12.00',
      leadDaysMin: 5,
      leadDaysMax: 10,
      material: 'PETG',
      assumptions: ['Printed as one piece'],
      note: 'Colour on request.',
    },
    text: { material: 'single-line', 'assumptions.0': 'single-line', note: 'multi-line' },
  },
  { name: 'resend links', schema: resendLinksSchema, valid: { role: 'technical' }, text: {} },
  { name: 'inbox search', schema: inboxQuerySchema, valid: { q: 'acme', mode: '' }, text: { q: 'single-line' } },
];

function setPath(value: unknown, keys: string[], replacement: unknown): unknown {
  if (keys.length === 0) return replacement;
  const [head, ...rest] = keys as [string, ...string[]];
  if (Array.isArray(value)) {
    const copy = [...(value as unknown[])];
    copy[Number(head)] = setPath(copy[Number(head)], rest, replacement);
    return copy;
  }
  const record = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  return { ...record, [head]: setPath(record[head], rest, replacement) };
}

/** Every path into a value (objects and arrays), for mutating it anywhere. */
function pathsOf(value: unknown, prefix: string[] = []): string[][] {
  const here = [prefix];
  if (typeof value !== 'object' || value === null) return here;
  return [...here, ...Object.entries(value).flatMap(([key, child]) => pathsOf(child, [...prefix, key]))];
}

function errorsOf(schema: z.ZodMiniType, value: unknown): Record<string, string> {
  const result = schema.safeParse(value);
  return result.success ? {} : fieldErrors(result.error);
}

describe.each(CASES)('$name', ({ schema, valid, text }) => {
  it('accepts its valid example', () => {
    expect(schema.safeParse(valid).success).toBe(true);
  });

  const textPaths = Object.entries(text);
  it.skipIf(textPaths.length === 0).each(textPaths)(
    '%s refuses NUL, control characters and broken characters, naming the field',
    (path, kind) => {
      const keys = path.split('.');
      for (const bad of ['x\u0000y', 'x\u001by', 'x\u0085y', 'x\ud800y', 'x\udfffy']) {
        const message = errorsOf(schema, setPath(valid, keys, bad))[path];
        expect(message, JSON.stringify(bad)).toMatch(/^There is a character we cannot store in (the|your|each) /);
      }
      const lines = errorsOf(schema, setPath(valid, keys, 'one\ntwo'))[path];
      if (kind === 'single-line') expect(lines).toMatch(/^Put (the|your|each) .* on one line/);
      else expect(lines).toBeUndefined();
    },
  );

  it('answers a body that is not an object with a sentence of its own', () => {
    for (const body of [[], 'x', 1, true, null]) {
      const messages = Object.values(errorsOf(schema, body));
      expect(messages.length).toBeGreaterThan(0);
      for (const message of messages) expect(message).not.toMatch(/^Invalid|expected|received/);
    }
  });

  it('never lets a zod default message through, whatever replaces any part of it', () => {
    // A per-parse error map only fills in where the schema has no message of its own.
    const DEFAULT = 'ZOD DEFAULT MESSAGE';
    const paths = pathsOf(valid);
    const hostile = fc.oneof(
      fc.anything({ maxDepth: 3 }),
      fc.constantFrom('', ' ', '\u0000', '\ud800', 'x'.repeat(5000), -1, 0, 1e308, Number.NaN, [], {}, [[[]]]),
    );
    fc.assert(
      fc.property(fc.constantFrom(...paths), hostile, fc.boolean(), (keys, value, remove) => {
        const input = setPath(valid, keys, remove && keys.length > 0 ? undefined : value);
        const result = schema.safeParse(input, { error: () => DEFAULT });
        const defaults = (result.error?.issues ?? []).filter((issue) => issue.message === DEFAULT);
        expect(defaults.map((issue) => ({ path: issue.path.join('.'), code: issue.code }))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('top-level messages', () => {
  it('each schema answers an array body in its own words', () => {
    expect(Object.fromEntries(CASES.map(({ name, schema }) => [name, errorsOf(schema, [])]))).toMatchInlineSnapshot(`
      {
        "accept": {
          "_form": "The release arrived empty or garbled; reload the page and send it again.",
        },
        "cancel quote": {
          "_form": "The cancel arrived empty or garbled; reload the page and try again.",
        },
        "decline": {
          "_form": "The answer arrived empty or garbled; reload the page and send it again.",
        },
        "firm quote": {
          "_form": "The quote arrived empty or garbled; reload the page and send it again.",
        },
        "first article": {
          "_form": "The verdict arrived empty or garbled; choose accept or reject and send it again.",
        },
        "form step: files": {
          "_form": "The form arrived empty or garbled; reload the page and send it again.",
        },
        "form step: mode": {
          "_form": "The form arrived empty or garbled; reload the page and send it again.",
        },
        "form step: part": {
          "_form": "The form arrived empty or garbled; reload the page and send it again.",
        },
        "form step: purchasing": {
          "_form": "Say whether you will also approve the purchase, or name the purchasing approver.",
        },
        "form step: technical": {
          "_form": "The form arrived empty or garbled; reload the page and send it again.",
        },
        "hold": {
          "_form": "The hold arrived empty or garbled; reload the page and send it again.",
        },
        "inbox search": {
          "_form": "The inbox filters could not be read; reload the page.",
        },
        "quote request": {
          "_form": "The request arrived empty or garbled; fill in the form and submit it again.",
        },
        "resend links": {
          "_form": "Choose whose link to resend.",
        },
        "rough estimate": {
          "_form": "The estimate arrived empty or garbled; reload the page and send it again.",
        },
        "sample shipped": {
          "_form": "The shipment details arrived empty or garbled; reload the page and send them again.",
        },
        "technical review": {
          "_form": "The review arrived empty or garbled; fill in the checklist and decide again.",
        },
      }
    `);
  });
});
