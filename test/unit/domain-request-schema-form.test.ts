/**
 * The form uses these schemas through react-hook-form's zodResolver; zod/mini must work there
 * exactly as in the API (errors keyed by the same field paths).
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { describe, expect, it } from 'vitest';
import { stepSchemas } from '../../src/domain/request-schema.js';

const steps = stepSchemas({ today: '2026-11-25' });
const options = { fields: {}, shouldUseNativeValidation: false } as const;

describe('request schema through zodResolver', () => {
  it('returns field errors at the same paths the API uses', async () => {
    const resolver = zodResolver(steps.technical);
    const result = await resolver({ technicalContact: { name: '', email: 'x', company: 'Acme' } }, undefined, options);
    expect(result.values).toEqual({});
    expect(result.errors).toMatchObject({
      technicalContact: {
        name: { message: "Enter the technical contact's name." },
        email: { message: 'Enter the full address with an @, e.g. ada@acme.com.' },
      },
    });
  });

  it('returns parsed values when the step is valid', async () => {
    const resolver = zodResolver(steps.purchasing);
    const result = await resolver(
      // The form keeps the approver fields typed before the box was ticked; they are dropped on parse.
      { sameContactForBothRoles: true, purchasingApprover: { poStatus: 'none', name: 'stale' } } as never,
      undefined,
      options,
    );
    expect(result.errors).toEqual({});
    expect(result.values).toEqual({ sameContactForBothRoles: true, purchasingApprover: { poStatus: 'none' } });
  });

  it('reports the mode-dependent quantity rule on its field', async () => {
    const resolver = zodResolver(steps.mode);
    const result = await resolver({ mode: 'sample', quantities: { provisional: false } } as never, undefined, options);
    expect(result.errors).toMatchObject({
      quantities: { sample: { message: 'Enter how many samples you need, e.g. 2.' } },
    });
  });
});
