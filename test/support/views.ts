/**
 * What the HTTP functions answer, as the tests read it off the wire. The reply shapes are the
 * contracts the functions and the islands share (src/domain/contracts, architecture §3), so a test
 * that relies on a field the functions stopped sending fails to compile.
 */
export type { QuoteRevisionView } from '../../src/domain/contracts/quote-view.js';
export type { TechnicalEventResult } from '../../src/domain/contracts/technical-event-result.js';
