/**
 * Sends the quote mails after the revision is committed. A failed mail never undoes the quote: it is
 * logged and recorded as `mail_failed`, which the shop sees in the inbox and fixes with "resend link".
 */
import { SCOPE_WORDS } from '../../domain/workflow.js';
import { sendMail, type MailMessage } from '../mail/index.js';
import { quoteApproverMail, quoteAwarenessMail, type QuoteMailFacts } from '../mail/templates/quote-mails.js';
import { recordEvent } from '../requests/events.js';
import { requestHandoffNote } from '../requests/handoff.js';
import type { LoadedRequest } from '../requests/load-request.js';
import type { WorkflowState } from '../../domain/workflow.js';
import type { RevisionRow, StoredTerms } from './quotes.js';

export function quoteMailFacts(options: {
  loaded: LoadedRequest;
  revision: RevisionRow;
  state: WorkflowState;
  kind: QuoteMailFacts['kind'];
}): QuoteMailFacts {
  const { loaded, revision, state, kind } = options;
  const terms = revision.terms as StoredTerms;
  return {
    kind,
    reference: loaded.request.reference,
    partName: loaded.details.part.name,
    revision: revision.revision,
    scopeWords: SCOPE_WORDS[revision.scope],
    quantity: revision.quantity,
    currency: revision.currency,
    amountTotalMinor: revision.amountTotalMinor,
    leadTimeDays: terms.leadTimeDays,
    shippingTerms: terms.shippingTerms,
    paymentTermsDays: terms.paymentTermsDays,
    expiresAt: revision.expiresAt,
    handoffNote: requestHandoffNote(state),
    technical: { name: loaded.technical.name, email: loaded.technical.email },
    purchasing: { name: loaded.purchasing.name, email: loaded.purchasing.email },
  };
}

/** Sends each message; returns the recipients reached. */
export async function deliver(requestId: string, messages: MailMessage[]): Promise<string[]> {
  const reached: string[] = [];
  for (const message of messages) {
    const recipient = String(message.to);
    try {
      await sendMail(message);
      reached.push(recipient);
    } catch (error) {
      console.error(`mail to ${recipient} failed:`, error instanceof Error ? error.message : error);
      await recordEvent({
        requestId,
        type: 'mail_failed',
        role: 'system',
        payload: { recipient, subject: message.subject },
      });
    }
  }
  return reached;
}

export async function sendQuoteMails(options: {
  loaded: LoadedRequest;
  revision: RevisionRow;
  state: WorkflowState;
  kind: QuoteMailFacts['kind'];
  releaseUrl: string;
}): Promise<string[]> {
  const facts = quoteMailFacts(options);
  const messages = [quoteApproverMail({ ...facts, releaseUrl: options.releaseUrl })];
  // One person declared in both roles gets the approver's mail only: it already says everything.
  if (!options.loaded.request.sameContactForBothRoles) messages.push(quoteAwarenessMail(facts));
  return deliver(options.loaded.request.id, messages);
}
