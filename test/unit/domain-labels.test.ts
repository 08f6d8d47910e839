import { describe, expect, it } from 'vitest';
import {
  COMMERCIAL_LABEL,
  MODE_LABEL,
  MODE_TITLE,
  ROLE_LABEL,
  SCOPE_LABEL,
  TECHNICAL_LABEL,
  roleWords,
  sentenceCase,
} from '../../src/domain/labels.js';
import { MODES } from '../../src/domain/request-schema.js';
import {
  ACTOR_ROLES,
  COMMERCIAL_STATES,
  QUOTE_SCOPES,
  TECHNICAL_STATES,
} from '../../src/domain/workflow/vocabulary.js';

describe('state words', () => {
  it('has words for every state, mode, scope and role', () => {
    for (const state of TECHNICAL_STATES) expect(TECHNICAL_LABEL[state]).toMatch(/^[A-Z]/);
    for (const state of COMMERCIAL_STATES) expect(COMMERCIAL_LABEL[state]).toMatch(/^[A-Z]/);
    for (const mode of MODES) expect(MODE_LABEL[mode]).toMatch(/^[a-z]/);
    for (const scope of QUOTE_SCOPES) expect(SCOPE_LABEL[scope]).toMatch(/^[a-z]/);
    for (const role of [...ACTOR_ROLES, 'requester'] as const) expect(ROLE_LABEL[role]).toMatch(/^[A-Z]/);
  });

  it('titles a mode with the same words it uses mid-sentence', () => {
    expect(MODE_TITLE).toEqual({
      rough_estimate: 'Rough estimate',
      sample: 'Sample or first article',
      production: 'Production quote',
    });
    expect(sentenceCase({ a: 'x y', b: '' })).toEqual({ a: 'X y', b: '' });
  });

  it('names a role without words by itself', () => {
    expect(roleWords('technical')).toBe('Technical contact');
    expect(roleWords('stripe')).toBe('Billing (Stripe)');
    expect(roleWords('auditor')).toBe('auditor');
    expect(roleWords('toString')).toBe('toString');
  });
});
