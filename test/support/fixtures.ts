/** Form bodies the shop and the purchasing approver send, as plain data (no server code imported). */
import { randomUUID } from 'node:crypto';

export function quoteForm(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    draftId: randomUUID(),
    scope: 'opening_lot',
    quantity: 50,
    lines: [{ description: 'Pump housing bracket, PETG', quantity: 50, unitPrice: '12.40' }],
    leadTimeDays: 10,
    shippingTerms: 'DAP your site, shipping included',
    paymentTermsDays: 30,
    validDays: 30,
    ...overrides,
  };
}

export function acceptBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    poNumber: 'PO-4411',
    budgetCode: 'MAINT-2027',
    name: 'Paul Purchase',
    jobTitle: 'Buyer',
    authorised: true,
    ...overrides,
  };
}
