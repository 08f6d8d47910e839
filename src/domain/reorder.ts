/**
 * A reorder: a new request prefilled from an earlier one (architecture §11, "Reorders"). This module
 * holds the input schema of `POST /api/requests/:id/reorder` (and the shop's twin) and the pure
 * decision whether the earlier request's technical sign-off carries over: only when every 3D file of
 * the new request has a SHA-256 the earlier request's current sign-off covers and the material is
 * the same. Purchasing never carries over (invariant 1): a reorder's commercial track starts at
 * `estimate` whatever this says.
 */
import { z } from 'zod/mini';
import { fileIdsSchema, neededBySchema, quantitiesSchema, type RequestSchemaOptions } from './request-schema.js';
import { applyEvent } from './workflow/transitions.js';
import type { WorkflowState } from './workflow/state.js';
import type { CoveredFile, EventOf, FileKind } from './workflow/vocabulary.js';

/**
 * What the customer (or the shop) may change when ordering again: the quantities and the needed-by
 * date. `fileIds` (default: all the earlier request's files) may leave files out or name new uploads;
 * `material` (default: the earlier one) may change it. Either change can end the inherited sign-off.
 */
export function reorderSchema(options: RequestSchemaOptions) {
  return z.object(
    {
      clientDraftId: z.uuid({ error: 'The reorder lost its id; reload the page and order again.' }),
      quantities: quantitiesSchema,
      neededBy: neededBySchema(options),
      fileIds: z.optional(fileIdsSchema),
      material: z.optional(
        z
          .string({ error: 'Enter a material, e.g. PETG.' })
          .check(
            z.trim(),
            z.minLength(1, 'Enter a material, e.g. PETG.'),
            z.maxLength(120, 'Shorten the material to 120 characters or fewer.'),
          ),
      ),
    },
    { error: 'The reorder arrived empty or garbled; reload the page and order again.' },
  );
}
export type ReorderInput = z.output<ReturnType<typeof reorderSchema>>;

/** `reorderOf` in a reorder's `request_submitted` payload (written by intake). */
export const storedReorderOfSchema = z.object({
  requestId: z.string(),
  reference: z.string(),
  signOffCarried: z.boolean(),
  reviewReason: z.optional(z.string()),
});

/** The earlier request as the sign-off decision needs it. */
export type EarlierRequest = {
  id: string;
  reference: string;
  material: string;
  state: WorkflowState;
};

/** A file of the new request: its own id, and the hash of the (possibly shared) stored bytes. */
export type ReorderFile = { fileId: string; name: string; kind: FileKind; sha256: string | null };

export type CarrySignOffOptions = {
  earlier: EarlierRequest;
  /** The new request's material and files. */
  material: string;
  files: readonly ReorderFile[];
  /** The new request's state before any event (`initialStateForRequest`). */
  initial: WorkflowState;
};

/** Either the event that starts the new technical track at the earlier go-ahead, or why it does not. */
export type SignOffCarry = { carried: true; event: EventOf<'sign_off_inherited'> } | { carried: false; reason: string };

const REVIEWS = 'so the technical contact reviews this order.';

/**
 * Whether the earlier request's current sign-off carries over to the new request, with the event to
 * record or the sentence saying why not. A sign-off the earlier request itself inherited carries the
 * original decision on (who, when, on which order).
 */
export function carrySignOff({ earlier, material, files, initial }: CarrySignOffOptions): SignOffCarry {
  const ref = earlier.reference;
  const signOff = earlier.state.signOff;
  if (!signOff) {
    const reason = earlier.state.reopened
      ? `The approval of the earlier order ${ref} is open again because a 3D file changed after it, ${REVIEWS}`
      : `The earlier order ${ref} has no technical approval, ${REVIEWS}`;
    return { carried: false, reason };
  }
  if (!sameMaterial(material, earlier.material)) {
    return { carried: false, reason: `The material differs from the earlier order ${ref}, ${REVIEWS}` };
  }
  const cad = files.filter((file) => file.kind === 'cad');
  if (cad.length === 0) return { carried: false, reason: `This order has no 3D file to carry an approval, ${REVIEWS}` };
  const uncovered = cad.filter((file) => !signOff.covers.some((covered) => covered.sha256 === file.sha256));
  if (uncovered.length > 0) {
    const names = uncovered.map((file) => file.name);
    const verb = names.length === 1 ? 'is' : 'are';
    return {
      carried: false,
      reason: `${listWords(names)} ${verb} not among the 3D files approved on the earlier order ${ref}, ${REVIEWS}`,
    };
  }
  const origin = signOff.inherited ?? {
    fromRequestId: earlier.id,
    fromReference: ref,
    decidedBy: signOff.by ?? 'the technical contact',
    decidedAt: signOff.at ?? '',
  };
  const covers: CoveredFile[] = cad.map((file) => ({
    fileId: file.fileId,
    name: file.name,
    sha256: file.sha256 ?? '',
  }));
  const event: EventOf<'sign_off_inherited'> = {
    type: 'sign_off_inherited',
    actor: { role: 'system' },
    ...origin,
    decision: signOff.decision,
    covers,
  };
  // The domain has the last word: an event it would refuse is never recorded.
  const applied = applyEvent(initial, event);
  if (!applied.ok) return { carried: false, reason: `${applied.message} ${capitalize(REVIEWS)}` };
  return { carried: true, event };
}

function sameMaterial(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}

function capitalize(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}
