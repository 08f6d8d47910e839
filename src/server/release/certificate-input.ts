/**
 * The facts of a release certificate (architecture §12), gathered from the request's event log when
 * the release completes and stored with it (`release_certificate_issued`), so the certificate is
 * rendered from what was true at the release, and the same stored facts always give the same bytes.
 */
import type {
  CertificateApproval,
  PoDocumentCheck,
  ReleaseCertificateInput,
} from '../../domain/contracts/release-certificate.js';
import { ROLE_LABEL } from '../../domain/labels.js';
import { parseStoredJson } from '../../domain/stored-json.js';
import { storedLinesSchema, storedTermsSchema } from '../../domain/stored-quote-schema.js';
import { site } from '../../domain/site.js';
import { approverSlotOf } from '../../domain/workflow/approvals.js';
import type { EventRow } from '../db/event-log.js';
import { summarizeEvent } from '../requests/events.js';
import type { LoadedRequest } from '../requests/load-request.js';
import type { RevisionRow } from '../quotes/revisions.js';
import type { ReleasedPoDocument } from './po-document-check.js';

function payloadOf(row: EventRow): Record<string, unknown> {
  return typeof row.payload === 'object' && row.payload !== null ? (row.payload as Record<string, unknown>) : {};
}

function poCheck(document: ReleasedPoDocument): PoDocumentCheck {
  if (document.outcome === 'match') return { result: 'matches' };
  if (document.outcome === 'mismatch') return { result: 'differs', differences: document.findings };
  return { result: 'not_read', reason: document.summary || 'no text to read (a scan)' };
}

export function certificateInputFor(options: {
  loaded: LoadedRequest;
  revision: RevisionRow;
  issuedAt: Date;
}): ReleaseCertificateInput | undefined {
  const { loaded, revision } = options;
  const state = loaded.state;
  const releases = loaded.events.filter(
    (row) =>
      row.quoteRevisionId === revision.id && (row.type === 'purchasing_approved' || row.type === 'purchasing_accepted'),
  );
  const final = releases.findLast((row) => row.type === 'purchasing_accepted');
  if (!final) return undefined;
  const terms = parseStoredJson(storedTermsSchema, revision.terms, 'quote_revisions.terms', revision.id);
  const approvals = releases.map((row): CertificateApproval => ({
    name: row.actorName ?? 'Purchasing',
    jobTitle: typeof payloadOf(row).jobTitle === 'string' ? String(payloadOf(row).jobTitle) : '',
    at: row.createdAt.toISOString(),
    ip: row.ip ?? 'not recorded',
    slot: approverSlotOf(state, row.actorEmail ?? '') ?? 'first',
    ...(state.approvalRule ? { thresholdMinor: state.approvalRule.thresholdMinor } : {}),
  }));
  const document = releases
    .map((row) => payloadOf(row).poDocument as ReleasedPoDocument | undefined)
    .findLast((value) => value !== undefined);
  const signOff = state.signOff;
  const [firstApproval, secondApproval] = approvals;
  if (!firstApproval) return undefined;
  return {
    shop: {
      name: site.name,
      legalName: site.legalName,
      addressLines: [site.address.street, `${site.address.postalCode} ${site.address.city}`, site.address.country],
      vatId: site.vatId,
    },
    request: { reference: loaded.request.reference, partName: loaded.details.part.name },
    quote: {
      quoteNumber: terms.quoteNumber ?? `revision ${revision.revision}`,
      revision: revision.revision,
      currency: revision.currency,
      lines: parseStoredJson(storedLinesSchema, revision.lines, 'quote_revisions.lines', revision.id).map((line) => ({
        description: line.description,
        quantity: line.quantity,
        unitAmountMinor: line.unitAmountMinor,
        totalMinor: line.quantity * line.unitAmountMinor,
      })),
      totalMinor: revision.amountTotalMinor,
      validUntil: revision.expiresAt.toISOString(),
      paymentTermsDays: terms.paymentTermsDays,
    },
    purchaseOrder: {
      number: typeof payloadOf(final).poNumber === 'string' ? String(payloadOf(final).poNumber) : '',
      document: document ? { fileName: document.name, sha256: document.sha256, check: poCheck(document) } : null,
    },
    approvals: secondApproval ? [firstApproval, secondApproval] : [firstApproval],
    technical: signOff
      ? {
          status: 'approved',
          decision: signOff.decision,
          by: {
            name: loaded.technical.name,
            ...(loaded.technical.jobTitle ? { jobTitle: loaded.technical.jobTitle } : {}),
          },
          at: signOff.at ?? options.issuedAt.toISOString(),
          covers: signOff.covers.map((file) => ({ name: file.name, sha256: file.sha256 })),
        }
      : { status: 'pending' },
    events: loaded.events.map((row) => ({
      at: row.createdAt.toISOString(),
      who: ROLE_LABEL[row.role as keyof typeof ROLE_LABEL] ?? row.role,
      what: summarizeEvent(row, { technical: loaded.technical.email, purchasing: loaded.purchasing.email }),
    })),
    issuedAt: options.issuedAt.toISOString(),
  };
}
