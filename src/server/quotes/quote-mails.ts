/**
 * The quote mails, written to the outbox in the transaction that opens the revision (architecture
 * §10). A failed delivery never undoes the quote: the outbox retries it, and after a few failures the
 * shop sees `mail_failed` in the inbox and can also use "resend link".
 */
import { parseStoredJson } from '../../domain/stored-json.js';
import { storedTermsSchema } from '../../domain/stored-quote-schema.js';
import type { MailMessage } from '../mail/index.js';
import type { QueuedMail } from '../mail/outbox.js';
import { quoteApproverMail, quoteAwarenessMail, type QuoteMailFacts } from '../mail/templates/quote-mails.js';
import { requestHandoffNote } from '../requests/handoff.js';
import type { LoadedRequest } from '../requests/load-request.js';
import type { WorkflowState } from '../../domain/workflow/state.js';
import type { RevisionRow } from './revisions.js';
import { SCOPE_LABEL } from '../../domain/labels.js';

export function quoteMailFacts(options: {
  loaded: LoadedRequest;
  revision: RevisionRow;
  state: WorkflowState;
  kind: QuoteMailFacts['kind'];
}): QuoteMailFacts {
  const { loaded, revision, state, kind } = options;
  const terms = parseStoredJson(storedTermsSchema, revision.terms, 'quote_revisions.terms', revision.id);
  return {
    kind,
    reference: loaded.request.reference,
    partName: loaded.details.part.name,
    revision: revision.revision,
    scopeWords: SCOPE_LABEL[revision.scope],
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

/** Messages for the outbox, each labelled with its address for the event log. */
export function queuedTo(messages: readonly MailMessage[], announce = false): QueuedMail[] {
  return messages.map((message) => ({ recipient: String(message.to), message, announce }));
}

/** The approver's quote mail with its release link, and the technical contact's copy for awareness. */
export function quoteMails(options: {
  loaded: LoadedRequest;
  revision: RevisionRow;
  state: WorkflowState;
  kind: QuoteMailFacts['kind'];
  releaseUrl: string;
}): QueuedMail[] {
  const facts = quoteMailFacts(options);
  const messages = [quoteApproverMail({ ...facts, releaseUrl: options.releaseUrl })];
  // One person declared in both roles gets the approver's mail only: it already says everything.
  if (!options.loaded.request.sameContactForBothRoles) messages.push(quoteAwarenessMail(facts));
  return queuedTo(messages);
}
