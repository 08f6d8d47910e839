/**
 * The form's values as react-hook-form holds them: every input present (empty strings, false, or
 * undefined numbers) so inputs stay controlled and a restored draft fills every step.
 */
import type { Mode, PoStatus, PartKind } from '../../domain/request-fields.js';

export type FormValues = {
  clientDraftId: string;
  mode: Mode | undefined;
  part: {
    name: string;
    problem: string;
    kind: PartKind | undefined;
    size: { lengthMm: number | undefined; widthMm: number | undefined; heightMm: number | undefined };
    material: string;
    environment: {
      heat: boolean;
      load: boolean;
      motion: boolean;
      outdoorUv: boolean;
      chemicals: boolean;
      notes: string;
    };
    finish: string;
  };
  quantities: {
    sample: number | undefined;
    openingLot: number | undefined;
    total: number | undefined;
    provisional: boolean;
  };
  neededBy: string;
  fileIds: string[];
  technicalContact: { name: string; email: string; phone: string; company: string; jobTitle: string };
  sameContactForBothRoles: boolean;
  purchasingApprover: {
    name: string;
    email: string;
    company: string;
    jobTitle: string;
    poStatus: PoStatus | undefined;
    poNumber: string;
  };
  /** "Orders above an amount need a second approver": reveals `secondApprover` (architecture §11). */
  needsSecondApprover: boolean;
  secondApprover: { name: string; email: string; jobTitle: string; threshold: string };
};

/** A blank form with a fresh draft id (`crypto.randomUUID()` in the browser). */
export function emptyValues(clientDraftId: string): FormValues {
  return {
    clientDraftId,
    mode: undefined,
    part: {
      name: '',
      problem: '',
      kind: undefined,
      size: { lengthMm: undefined, widthMm: undefined, heightMm: undefined },
      material: '',
      environment: { heat: false, load: false, motion: false, outdoorUv: false, chemicals: false, notes: '' },
      finish: '',
    },
    quantities: { sample: undefined, openingLot: undefined, total: undefined, provisional: false },
    neededBy: '',
    fileIds: [],
    technicalContact: { name: '', email: '', phone: '', company: '', jobTitle: '' },
    sameContactForBothRoles: false,
    purchasingApprover: { name: '', email: '', company: '', jobTitle: '', poStatus: undefined, poNumber: '' },
    needsSecondApprover: false,
    secondApprover: { name: '', email: '', jobTitle: '', threshold: '' },
  };
}

const NUMBER_FIELDS = new Set([
  'part.size.lengthMm',
  'part.size.widthMm',
  'part.size.heightMm',
  'quantities.sample',
  'quantities.openingLot',
  'quantities.total',
]);
const ENUM_FIELDS: Record<string, readonly string[]> = {
  mode: ['rough_estimate', 'sample', 'production'],
  'part.kind': ['replacement', 'new'],
  'purchasingApprover.poStatus': ['none', 'in_progress', 'issued'],
};

/**
 * Saved values laid over a blank form, keeping only keys the form knows with the type it expects:
 * a draft written by an older version of the page, or edited by hand, cannot break the form.
 */
export function mergeValues(base: FormValues, saved: unknown): FormValues {
  return mergeNode(base, saved, '') as FormValues;
}

function mergeNode(base: unknown, saved: unknown, path: string): unknown {
  if (NUMBER_FIELDS.has(path)) return typeof saved === 'number' && Number.isFinite(saved) ? saved : base;
  const allowed = ENUM_FIELDS[path];
  if (allowed) return typeof saved === 'string' && allowed.includes(saved) ? saved : base;
  if (Array.isArray(base)) {
    return Array.isArray(saved) && saved.every((item) => typeof item === 'string') ? [...saved] : base;
  }
  if (typeof base === 'object' && base !== null) {
    const source = typeof saved === 'object' && saved !== null ? (saved as Record<string, unknown>) : {};
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(base)) {
      out[key] = mergeNode(value, source[key], path === '' ? key : `${path}.${key}`);
    }
    return out;
  }
  return typeof saved === typeof base ? saved : base;
}
