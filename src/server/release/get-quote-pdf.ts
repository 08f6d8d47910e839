/** GET /api/quotes/:id/pdf: the finalized quote's PDF from Stripe, for the shop or the revision's approver. */
import { AppError } from '../../domain/errors.js';
import { findRevision } from '../quotes/revisions.js';
import { stripeProblem } from '../quotes/stripe-quote.js';
import { streamQuotePdf, type QuotePdf } from '../stripe/index.js';
import { verifyPurchasingLink } from './authorise.js';

export interface GetQuotePdfOptions {
  quoteRevisionId: string;
  staffEmail?: string | undefined;
  token?: string | undefined;
}

export async function getQuotePdf(options: GetQuotePdfOptions): Promise<QuotePdf & { fileName: string }> {
  if (!options.staffEmail) {
    await verifyPurchasingLink({ token: options.token, quoteRevisionId: options.quoteRevisionId });
  }
  const row = await findRevision(options.quoteRevisionId);
  if (!row?.stripeQuoteId || row.status === 'draft') {
    throw new AppError('NOT_FOUND', 'There is no PDF for this quote. Open the newest quote email from the shop.');
  }
  try {
    const pdf = await streamQuotePdf({ quoteId: row.stripeQuoteId });
    return { ...pdf, fileName: `quote-revision-${row.revision}.pdf` };
  } catch (error) {
    throw stripeProblem(error);
  }
}
