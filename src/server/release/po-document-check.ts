/**
 * The attached PO PDF at release time (architecture §7.1): the `po_document_added` row the release
 * names, compared with the revision and the PO number released under, stored with the release event
 * so the shop, the mails and the certificate read the same result.
 */
import { AppError } from '../../domain/errors.js';
import { matchPoDocument, type PoMatch, type PoReading } from '../../domain/po-document.js';
import { parseStoredJson } from '../../domain/stored-json.js';
import { storedTermsSchema } from '../../domain/stored-quote-schema.js';
import type { EventRow } from '../db/event-log.js';
import type { LoadedRequest } from '../requests/load-request.js';
import type { RevisionRow } from '../quotes/revisions.js';

/** The PO document as the release event stores it. */
export interface ReleasedPoDocument {
  id: string;
  name: string;
  sha256: string;
  outcome: PoMatch['outcome'];
  summary: string;
  /** Each finding's sentence, for the shop and the certificate. */
  findings: string[];
}

function addedRow(events: readonly EventRow[], revisionId: string, id: string): EventRow | undefined {
  return events.findLast((row) => {
    if (row.type !== 'po_document_added' || row.quoteRevisionId !== revisionId) return false;
    const payload = row.payload as { id?: unknown };
    return payload.id === id;
  });
}

/** The comparison of an attached PO with the revision, for the page and the release. */
export function checkPoDocument(options: {
  reading: PoReading;
  revision: Pick<RevisionRow, 'id' | 'amountTotalMinor' | 'currency' | 'terms'>;
  reference: string;
  poNumber: string;
}): PoMatch {
  const terms = parseStoredJson(
    storedTermsSchema,
    options.revision.terms,
    'quote_revisions.terms',
    options.revision.id,
  );
  return matchPoDocument(options.reading, {
    poNumber: options.poNumber,
    totalMinor: options.revision.amountTotalMinor,
    currency: options.revision.currency,
    quoteNumber: terms.quoteNumber,
    reference: options.reference,
  });
}

export function releasedPoDocument(options: {
  loaded: LoadedRequest;
  revision: RevisionRow;
  poDocumentId: string;
  poNumber: string;
}): ReleasedPoDocument {
  const row = addedRow(options.loaded.events, options.revision.id, options.poDocumentId);
  if (!row) {
    throw new AppError('VALIDATION', undefined, {
      fields: { poDocumentId: 'This PO document is not attached to this quote; attach the PDF again.' },
    });
  }
  const payload = row.payload as { id: string; name: string; sha256: string; reading: PoReading };
  const match = checkPoDocument({
    reading: payload.reading,
    revision: options.revision,
    reference: options.loaded.request.reference,
    poNumber: options.poNumber,
  });
  return {
    id: payload.id,
    name: payload.name,
    sha256: payload.sha256,
    outcome: match.outcome,
    summary: match.summary,
    findings: match.findings.filter((finding) => finding.status !== 'unchecked').map((finding) => finding.words),
  };
}

/**
 * The PO document of a revision as stored: the one its release (or a release waiting for the other
 * approver) names, else the newest one attached.
 */
export function poDocumentOf(
  events: readonly EventRow[],
  revisionId: string,
): (ReleasedPoDocument | { id: string; name: string; sha256: string; outcome?: undefined }) | undefined {
  const released = events.findLast(
    (row) =>
      row.quoteRevisionId === revisionId &&
      (row.type === 'purchasing_accepted' || row.type === 'purchasing_approved') &&
      (row.payload as { poDocument?: unknown }).poDocument !== undefined,
  );
  if (released) return (released.payload as { poDocument: ReleasedPoDocument }).poDocument;
  const added = events.findLast((row) => row.type === 'po_document_added' && row.quoteRevisionId === revisionId);
  if (!added) return undefined;
  const payload = added.payload as { id: string; name: string; sha256: string };
  return { id: payload.id, name: payload.name, sha256: payload.sha256 };
}
