/**
 * The schemas stored JSON is read back with: what the current writers store parses (after the JSON
 * round trip a jsonb column applies), and a corrupted value fails with an error naming the column
 * and the row.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod/mini';
import { requestDetailsSchema, type RequestDetails } from '../../src/domain/request-details-schema.js';
import { quoteFormSchema } from '../../src/domain/quote-schema.js';
import { createRequestSchema } from '../../src/domain/request-schema.js';
import { parseStoredJson, StoredJsonError } from '../../src/domain/stored-json.js';
import { storedLinesSchema, storedTermsSchema } from '../../src/domain/stored-quote-schema.js';
import { storedEventSchema, storedPayloadSchema } from '../../src/domain/workflow/stored-event.js';
import { INVOICE_EVENT_TYPES, type Actor, type WorkflowEvent } from '../../src/domain/workflow/vocabulary.js';
import { followUpSchema } from '../../src/server/quotes/follow-up-schema.js';
import type { QuoteFollowUp } from '../../src/server/quotes/quote-follow-ups.js';
import { releaseProgressSchema } from '../../src/server/release/claim-progress-schema.js';
import type { ReleaseProgress } from '../../src/server/release/claims.js';
import { quoteForm } from '../support/fixtures.js';

// One object type per union member, and strict identity (a missing optional field counts).
type Flat<T> = T extends unknown ? { [K in keyof T]: T[K] } : never;
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** What a jsonb column gives back: undefined fields gone, everything else as JSON. */
const stored = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

function failure(run: () => unknown): StoredJsonError {
  try {
    run();
  } catch (error) {
    if (error instanceof StoredJsonError) return error;
    throw error;
  }
  throw new Error('expected a StoredJsonError');
}

describe('parseStoredJson', () => {
  it('names the column, the row and what is wrong', () => {
    const error = failure(() =>
      parseStoredJson(storedTermsSchema, { leadTimeDays: '10' }, 'quote_revisions.terms', 'r1'),
    );
    expect(error.column).toBe('quote_revisions.terms');
    expect(error.row).toBe('r1');
    expect(error.message).toMatch(
      /^quote_revisions\.terms of row r1 does not match its schema: leadTimeDays: expected number/,
    );
    expect(error.message).toMatch(/and \d+ more/);
  });

  it('returns the parsed value when it matches', () => {
    expect(parseStoredJson(storedPayloadSchema, { a: 1 }, 'events.payload', 1)).toEqual({ a: 1 });
  });
});

describe('events.payload: storedEventSchema', () => {
  const shop: Actor = { role: 'shop', name: 'Sam', email: 'sam@shop.example' };
  const technical: Actor = { role: 'technical', name: 'Tess', email: 'tess@acme.example' };
  const purchasing: Actor = { role: 'purchasing', name: 'Paul', email: 'paul@acme.example' };
  const stripe: Actor = { role: 'stripe', name: 'Stripe' };
  const revisionId = randomUUID();
  const events: WorkflowEvent[] = [
    { type: 'technical_review', actor: technical, decision: 'direction_confirmed', notes: 'Fits.' },
    { type: 'technical_review', actor: technical, decision: 'changes_requested' },
    { type: 'sample_shipped', actor: shop, trackingReference: 'DHL 123' },
    { type: 'first_article', actor: technical, decision: 'rejected', notes: 'Warped.' },
    { type: 'estimate_sent', actor: shop },
    { type: 'quote_issued', actor: shop, revisionId, scope: 'opening_lot', quantity: 50 },
    {
      type: 'quote_revised',
      actor: shop,
      revisionId,
      previousRevisionId: randomUUID(),
      scope: 'full_batch',
      quantity: 500,
    },
    { type: 'quote_canceled', actor: shop, revisionId },
    { type: 'quote_expired', actor: { role: 'system' }, revisionId },
    { type: 'purchasing_accepted', actor: purchasing, revisionId, poNumber: 'PO-1', budgetCode: undefined },
    { type: 'purchasing_hold', actor: purchasing, revisionId, reason: 'Waiting for budget' },
    { type: 'purchasing_declined', actor: purchasing, revisionId, reason: 'Price' },
    ...INVOICE_EVENT_TYPES.map((type): WorkflowEvent => ({ type, actor: stripe, revisionId, invoiceId: 'in_1' })),
    { type: 'accepted_outside_portal', actor: stripe, revisionId },
  ];

  // As recordWorkflowEvent writes a row and toWorkflowEvent reads it back: type and actor in
  // columns, the other fields and any details in the payload.
  const roundTrip = (event: WorkflowEvent, details: Record<string, unknown> = {}) => {
    const { type, actor, ...fields } = event;
    return { ...(stored({ ...fields, ...details }) as object), type, actor };
  };

  it('is exactly the workflow event union', () => {
    expectTypeOf<Same<Flat<z.output<typeof storedEventSchema>>, Flat<WorkflowEvent>>>().toEqualTypeOf<true>();
  });

  it.each(events.map((event) => [event.type, event] as const))(
    'a stored %s event parses back to the event',
    (_, event) => {
      expect(parseStoredJson(storedEventSchema, roundTrip(event), 'events.payload', 7)).toEqual(stored(event));
    },
  );

  it('drops the details a writer stores beside the event', () => {
    const event: WorkflowEvent = { type: 'purchasing_accepted', actor: purchasing, revisionId, poNumber: 'PO-1' };
    const parsed = parseStoredJson(
      storedEventSchema,
      roundTrip(event, { jobTitle: 'Buyer', authorised: true }),
      'events.payload',
      7,
    );
    expect(parsed).toEqual(event);
  });

  it('refuses a payload that does not fit its event type, naming the row and the field', () => {
    const corrupted = { ...roundTrip(events[0]!), decision: 'maybe' };
    expect(failure(() => parseStoredJson(storedEventSchema, corrupted, 'events.payload', 42)).message).toMatch(
      /^events\.payload of row 42 does not match its schema: decision: expected one of "direction_confirmed"/,
    );
    const noRevision = roundTrip({ type: 'quote_canceled', actor: shop, revisionId });
    delete (noRevision as { revisionId?: string }).revisionId;
    expect(failure(() => parseStoredJson(storedEventSchema, noRevision, 'events.payload', 43)).message).toContain(
      'revisionId: expected string',
    );
  });

  it('refuses a payload that is not an object', () => {
    expect(failure(() => parseStoredJson(storedPayloadSchema, [], 'events.payload', 44)).message).toBe(
      'events.payload of row 44 does not match its schema: (the whole value): expected record',
    );
  });
});

describe('requests.details: requestDetailsSchema', () => {
  const today = '2026-01-10';
  const request = createRequestSchema({ today }).parse({
    clientDraftId: randomUUID(),
    mode: 'production',
    part: {
      name: 'Pump housing bracket',
      problem: 'The original clip cracks after a week near the heater.',
      kind: 'replacement',
      size: { lengthMm: 120, widthMm: 40, heightMm: 30 },
      material: 'PETG',
      environment: { heat: true, load: true, motion: false, outdoorUv: false, chemicals: false },
    },
    quantities: { openingLot: 50, total: 500, provisional: true },
    neededBy: '2026-03-31',
    fileIds: [],
    technicalContact: { name: 'Tina', email: 'tina@acme.example', company: 'Acme Pumps GmbH' },
    sameContactForBothRoles: true,
    purchasingApprover: { poStatus: 'none' },
  });
  // As create-request.ts stores it.
  const details: RequestDetails = { part: request.part, quantities: request.quantities, neededBy: request.neededBy };

  it('parses what intake stores, even once the needed-by date has passed', () => {
    expect(parseStoredJson(requestDetailsSchema, stored(details), 'requests.details', 'q1')).toEqual(stored(details));
  });

  it('refuses details without a part, naming the row', () => {
    const error = failure(() =>
      parseStoredJson(requestDetailsSchema, stored({ ...details, part: undefined }), 'requests.details', 'q1'),
    );
    expect(error.message).toBe('requests.details of row q1 does not match its schema: part: expected object');
  });
});

describe('quote_revisions.lines and .terms', () => {
  const lines = [{ description: 'Bracket, PETG', quantity: 50, unitAmountMinor: 1240 }];
  const terms = { leadTimeDays: 10, shippingTerms: 'DAP', paymentTermsDays: 30, validDays: 30, poOptional: true };

  it('parses what the quote writer stores and keeps keys it does not name', () => {
    expect(parseStoredJson(storedLinesSchema, stored(lines), 'quote_revisions.lines', 'r1')).toEqual(lines);
    const withNumber = { ...terms, quoteNumber: 'QT-1-2', extra: 'kept' };
    expect(parseStoredJson(storedTermsSchema, stored(withNumber), 'quote_revisions.terms', 'r1')).toEqual(withNumber);
  });

  it('refuses a corrupted line, naming the row and the line', () => {
    const corrupted = [{ ...lines[0], unitAmountMinor: '12.40' }];
    expect(failure(() => parseStoredJson(storedLinesSchema, corrupted, 'quote_revisions.lines', 'r1')).message).toBe(
      'quote_revisions.lines of row r1 does not match its schema: 0.unitAmountMinor: expected number',
    );
  });
});

describe('action_claims.result', () => {
  const progress: ReleaseProgress = {
    revisionId: randomUUID(),
    requestId: randomUUID(),
    stripeQuoteId: 'qt_1',
    poNumber: 'PO-4411',
    budgetCode: '',
    name: 'Paul Purchase',
    jobTitle: 'Buyer',
    email: 'paul@acme.example',
    step: 'claimed',
    faults: 0,
    lease: { id: randomUUID(), until: new Date().toISOString() },
  };

  it('release progress: the schema is the stored type', () => {
    expectTypeOf<z.output<typeof releaseProgressSchema>>().toExtend<ReleaseProgress>();
  });

  it('release progress: what claims.ts writes parses, at every step and after a refusal', () => {
    expect(parseStoredJson(releaseProgressSchema, stored(progress), 'action_claims.result', 'accept:r')).toEqual(
      progress,
    );
    const failed = {
      ...progress,
      step: 'sent',
      lease: undefined,
      failure: { code: 'QUOTE_NOT_OPEN', message: 'Closed.' },
    };
    expect(parseStoredJson(releaseProgressSchema, stored(failed), 'action_claims.result', 'accept:r')).toEqual(
      stored(failed),
    );
  });

  it('release progress: an unknown step or error code is refused, naming the row', () => {
    const error = failure(() =>
      parseStoredJson(
        releaseProgressSchema,
        stored({ ...progress, step: 'teleported' }),
        'action_claims.result',
        'accept:r',
      ),
    );
    expect(error.message).toMatch(
      /^action_claims\.result of row accept:r does not match its schema: step: expected one of/,
    );
    const badCode = { ...progress, failure: { code: 'NOPE', message: 'x' } };
    expect(
      failure(() => parseStoredJson(releaseProgressSchema, stored(badCode), 'action_claims.result', 'accept:r'))
        .message,
    ).toContain('failure.code');
  });

  it('quote follow-ups: both kinds parse as written, and a corrupted one is refused', () => {
    const input = quoteFormSchema.parse(quoteForm({ note: 'Tooling included' }));
    const issue: QuoteFollowUp = {
      kind: 'issue_revision',
      requestId: randomUUID(),
      revisionId: input.draftId,
      input,
      mode: 'create',
    };
    const cancel: QuoteFollowUp = {
      kind: 'cancel_in_stripe',
      requestId: randomUUID(),
      revisionId: randomUUID(),
      stripeQuoteId: 'qt_1',
    };
    expect(parseStoredJson(followUpSchema, stored(issue), 'action_claims.result', 'issue:r')).toEqual(issue);
    expect(parseStoredJson(followUpSchema, stored(cancel), 'action_claims.result', 'cancel:r')).toEqual(cancel);
    expectTypeOf<z.output<typeof followUpSchema>>().toExtend<QuoteFollowUp>();
    const error = failure(() =>
      parseStoredJson(followUpSchema, stored({ ...issue, mode: 'sideways' }), 'action_claims.result', 'issue:r'),
    );
    expect(error.message).toBe(
      'action_claims.result of row issue:r does not match its schema: mode: expected one of "revise", "create"',
    );
  });
});
