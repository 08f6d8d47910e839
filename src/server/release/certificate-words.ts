/**
 * The release certificate's sentences (architecture §12), apart from the drawing so each reads as a
 * table of cases. Times print in UTC with the zone named: a certificate is read in other time zones
 * and must say the same thing everywhere.
 */
import type {
  CertificateApproval,
  PoDocumentCheck,
  ReleaseCertificateInput,
} from '../../domain/contracts/release-certificate.js';
import { formatMoney } from '../../domain/money.js';
import type { SignOffDecision } from '../../domain/workflow/vocabulary.js';

const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "3 March 2026" */
export function dayWords(iso: string): string {
  return DAY.format(new Date(iso));
}

/** "3 March 2026, 14:05 UTC" */
export function timeWords(iso: string): string {
  return `${dayWords(iso)}, ${new Date(iso).toISOString().slice(11, 16)} UTC`;
}

/** The approval an approver gave, with the threshold that asked for a second one when there is one. */
export function approvalWords(approval: CertificateApproval, count: number, currency: string): string {
  const above = approval.thresholdMinor === undefined ? undefined : formatMoney(approval.thresholdMinor, currency);
  if (approval.slot === 'second') {
    return above ? `Second approval, required for a total above ${above}` : 'Second approval';
  }
  if (count > 1) return above ? `First approval (a total above ${above} needs a second)` : 'First approval';
  return above ? `Purchasing release (one approval: the total is not above ${above})` : 'Purchasing release';
}

/** What reading the PO document found: "matches", "differs: …", "not read (scanned)". */
export function poCheckWords(check: PoDocumentCheck): string {
  switch (check.result) {
    case 'matches':
      return 'matches the quote';
    case 'differs':
      return `differs: ${check.differences.join('; ')}`;
    case 'not_read':
      return `not read (${check.reason})`;
  }
}

export const SIGN_OFF_DECISION_WORDS: Record<SignOffDecision, string> = {
  direction_confirmed: 'Technical review confirmed the direction',
  first_article_accepted: 'First article accepted',
};

export const TECHNICAL_PENDING = 'Technical review pending: production waits.';

/** The certificate's opening statement, dated by the approval that completed the release. */
export function statementWords(input: ReleaseCertificateInput): string {
  // The two approvals may come in either order; the release is complete at the later one.
  const last = input.approvals.reduce((latest, approval) =>
    Date.parse(approval.at) > Date.parse(latest.at) ? approval : latest,
  );
  return (
    `Purchasing released quote ${input.quote.quoteNumber} revision ${input.quote.revision} on ` +
    `${timeWords(last.at)}. This records the purchasing decision; the technical sign-off is recorded separately.`
  );
}

export function paymentTermsWords(days: number): string {
  return days === 0 ? 'due on receipt of the invoice' : `net ${days} days from the invoice date`;
}
