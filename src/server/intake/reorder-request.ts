/**
 * POST /api/requests/:id/reorder (a link of that request) and POST /api/shop/requests/:id/reorder
 * (staff): a new request prefilled from an earlier one (architecture §11, "Reorders"). Part, mode,
 * contacts and roles carry over; the quantities and needed-by date come from the body; the files
 * are reused (new rows, same stored bytes) unless the body names others. Stored like any request
 * (`storeRequest`: reference, contacts, links and mails for both roles, one database call), with the
 * earlier request named in `request_submitted` and, when the geometry and material match its
 * current sign-off, `sign_off_inherited` in the same call. Purchasing starts fresh: no PO,
 * release or approval carries over.
 */
import type { ReorderResult } from '../../domain/contracts/intake.js';
import { AppError } from '../../domain/errors.js';
import { carrySignOff, reorderSchema, type ReorderFile } from '../../domain/reorder.js';
import { createRequestSchema, parseOrThrow, serverToday } from '../../domain/request-schema.js';
import { initialStateForRequest } from '../../domain/workflow/transitions.js';
import { and, eq, inArray, isNull } from '../db/orm.js';
import { getDb } from '../db/index.js';
import { files } from '../db/schema.js';
import type { RequestMeta } from '../http/request-meta.js';
import { verifyLink } from '../links/index.js';
import { deliverAfterReply, deliverClaimed } from '../mail/outbox.js';
import { enforceRateLimit } from '../rate-limit.js';
import { isUuid, loadRequest, type LoadedRequest } from '../requests/load-request.js';
import { reorderView } from '../requests/reorder-view.js';
import type { StaffIdentity } from '../staff-auth/session.js';
import { statusLinkFor } from './create-request.js';
import { FILE_IDS_MESSAGE, findByDraft, storeRequest } from './store-request.js';

export interface ReorderRequestOptions {
  /** The earlier request. */
  requestId: string;
  /** A customer's link (`Bearer` token) of that request, or a signed-in staff member. */
  by: { token: string | undefined } | { staff: Pick<StaffIdentity, 'email'> };
  body: unknown;
  meta: RequestMeta;
  now?: Date;
}

export type { ReorderResult };

const NOT_FOUND = 'There is no request at this address. Check the link in your email.';

export async function reorderRequest({
  requestId,
  by,
  body,
  meta,
  now = new Date(),
}: ReorderRequestOptions): Promise<ReorderResult> {
  let recipient: string | undefined;
  if ('token' in by) {
    await enforceRateLimit({ endpoint: 'requests', ip: meta.ip, now });
    const link = await verifyLink({ token: by.token, purposes: ['technical', 'purchasing', 'status'] });
    if (link.requestId !== requestId) {
      throw new AppError(
        'WRONG_ROLE',
        'This link belongs to another order. Open the status page of the order you want to repeat.',
      );
    }
    recipient = link.recipientEmail;
  }
  if (!isUuid(requestId)) throw new AppError('NOT_FOUND', NOT_FOUND);
  const input = parseOrThrow(reorderSchema({ today: serverToday(now) }), body);
  const earlier = await loadRequest({ id: requestId });
  if (!earlier) throw new AppError('NOT_FOUND', NOT_FOUND);

  const answer = async (row: { id: string; reference: string }, created: boolean): Promise<ReorderResult> => {
    const submitted = await reorderOfNew(row.id);
    return {
      created,
      id: row.id,
      reference: row.reference,
      ...(recipient ? { statusUrl: await statusLinkFor(row.id, recipient) } : {}),
      signOffCarried: submitted.signOffCarried,
      ...(submitted.reviewReason ? { reviewReason: submitted.reviewReason } : {}),
    };
  };
  const existing = await findByDraft(input.clientDraftId);
  if (existing) return answer(existing, false);

  const wanted = input.fileIds ?? earlier.files.map((file) => file.id);
  const reuse = earlier.files.filter((file) => wanted.includes(file.id));
  const uploads = wanted.filter((id) => !reuse.some((file) => file.id === id));
  if (!uploads.every(isUuid)) throw new AppError('VALIDATION', undefined, { fields: { fileIds: FILE_IDS_MESSAGE } });
  const request = parseOrThrow(createRequestSchema({ today: serverToday(now) }), {
    ...prefill(earlier, input.material),
    clientDraftId: input.clientDraftId,
    quantities: input.quantities,
    neededBy: input.neededBy,
    fileIds: uploads,
  });
  const plan = {
    earlier: { id: earlier.request.id, reference: earlier.request.reference },
    reuse,
    uploads: await readUploads(uploads),
    carry: (files: Parameters<typeof carrySignOff>[0]['files']) =>
      carrySignOff({
        earlier: {
          id: earlier.request.id,
          reference: earlier.request.reference,
          material: earlier.details.part.material,
          state: earlier.state,
        },
        material: request.part.material,
        files,
        initial: initialStateForRequest(request),
      }),
  };
  const outcome = await storeRequest({ input: request, meta, now, reorder: plan });
  if ('existing' in outcome) return answer(outcome.existing, false);
  deliverAfterReply(deliverClaimed({ rows: outcome.stored.mails, now }), `request ${outcome.stored.id}`);
  return answer(outcome.stored, true);
}

/**
 * The uploads a reorder attaches, as the sign-off decision reads them: only anonymous uploads not
 * yet attached anywhere (the store checks it again as it attaches them).
 */
async function readUploads(ids: readonly string[]): Promise<ReorderFile[]> {
  if (ids.length === 0) return [];
  const rows = await getDb()
    .select({ fileId: files.id, name: files.name, kind: files.kind, sha256: files.sha256 })
    .from(files)
    .where(and(inArray(files.id, [...ids]), isNull(files.requestId), eq(files.uploadedByRole, 'anonymous')));
  if (rows.length !== ids.length) {
    throw new AppError('VALIDATION', undefined, { fields: { fileIds: FILE_IDS_MESSAGE } });
  }
  return rows;
}

/** The earlier request as the intake form would have sent it: part, mode, contacts, a fresh purchasing start. */
function prefill(earlier: LoadedRequest, material: string | undefined) {
  const contact = (row: LoadedRequest['technical']) => ({
    name: row.name,
    email: row.email,
    company: row.company,
    ...(row.phone ? { phone: row.phone } : {}),
    ...(row.jobTitle ? { jobTitle: row.jobTitle } : {}),
  });
  const same = earlier.request.sameContactForBothRoles;
  const { phone: _phone, ...approver } = contact(earlier.purchasing);
  return {
    mode: earlier.request.mode,
    part: { ...earlier.details.part, ...(material ? { material } : {}) },
    technicalContact: contact(earlier.technical),
    sameContactForBothRoles: same,
    // Purchasing starts fresh (invariant 1): no PO status or number carries over.
    purchasingApprover: same ? { poStatus: 'none' } : { ...approver, poStatus: 'none' },
  };
}

/** What the new request's `request_submitted` row says about the sign-off. */
async function reorderOfNew(id: string): Promise<{ signOffCarried: boolean; reviewReason?: string | undefined }> {
  const loaded = await loadRequest({ id });
  const carried = loaded?.state.signOff?.inherited !== undefined;
  const reason = loaded ? reorderView(loaded)?.reviewReason : undefined;
  return { signOffCarried: carried, reviewReason: carried ? undefined : reason };
}
