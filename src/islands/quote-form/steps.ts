/**
 * The quote form's step logic, kept out of the components so it is unit-tested: the step order, which
 * step holds a field (to jump to a server 422's first field), the
 * order errors are listed in, the DOM id of each field, and how a date reads in the date picker.
 */
/** The steps in the order the customer sees them. */
export const STEPS = [
  { name: 'mode', title: 'What you need now' },
  { name: 'part', title: 'The part' },
  { name: 'files', title: 'Files' },
  { name: 'technical', title: 'Technical contact' },
  { name: 'purchasing', title: 'Purchasing approver' },
  { name: 'review', title: 'Review and send' },
] as const;

export type FormStep = (typeof STEPS)[number]['name'];

/** Every field path in the order it appears on screen, so an error summary reads top to bottom. */
export const FIELD_ORDER = [
  'mode',
  'quantities.sample',
  'quantities.openingLot',
  'quantities.total',
  'quantities.provisional',
  'neededBy',
  'part.name',
  'part.problem',
  'part.kind',
  'part.size.lengthMm',
  'part.size.widthMm',
  'part.size.heightMm',
  'part.material',
  'part.environment.heat',
  'part.environment.load',
  'part.environment.motion',
  'part.environment.outdoorUv',
  'part.environment.chemicals',
  'part.environment.notes',
  'part.finish',
  'fileIds',
  'technicalContact.name',
  'technicalContact.email',
  'technicalContact.phone',
  'technicalContact.company',
  'technicalContact.jobTitle',
  'sameContactForBothRoles',
  'purchasingApprover.name',
  'purchasingApprover.email',
  'purchasingApprover.company',
  'purchasingApprover.jobTitle',
  'purchasingApprover.poStatus',
  'purchasingApprover.poNumber',
  'needsSecondApprover',
  'secondApprover.name',
  'secondApprover.email',
  'secondApprover.jobTitle',
  'secondApprover.threshold',
] as const;

// Errors on a whole group land on the group's first input.
const GROUP_FIELD: Record<string, string> = {
  part: 'part.name',
  'part.size': 'part.size.lengthMm',
  'part.environment': 'part.environment.heat',
  quantities: 'quantities.total',
  technicalContact: 'technicalContact.name',
  purchasingApprover: 'purchasingApprover.poStatus',
  secondApprover: 'secondApprover.name',
};

/** A path as the form knows it: array items and group errors map to the input that shows them. */
export function normaliseFieldPath(path: string): string {
  if (path === 'fileIds' || path.startsWith('fileIds.')) return 'fileIds';
  return GROUP_FIELD[path] ?? path;
}

/** The step that shows a field; anything unknown (e.g. `_form`, `clientDraftId`) belongs to the review. */
export function stepOfField(path: string): FormStep {
  const field = normaliseFieldPath(path);
  const head = field.split('.')[0] ?? '';
  switch (head) {
    case 'mode':
    case 'quantities':
    case 'neededBy':
      return 'mode';
    case 'part':
      return 'part';
    case 'fileIds':
      return 'files';
    case 'technicalContact':
      return 'technical';
    case 'purchasingApprover':
    case 'sameContactForBothRoles':
    case 'needsSecondApprover':
    case 'secondApprover':
      return 'purchasing';
    default:
      return 'review';
  }
}

/** The position of a step, for the progress indicator ("Step 2 of 6"). */
export function stepIndex(step: FormStep): number {
  return STEPS.findIndex((s) => s.name === step);
}

export function stepLabel(step: FormStep): string {
  return `Step ${stepIndex(step) + 1} of ${STEPS.length}`;
}

export function nextStep(step: FormStep): FormStep {
  return STEPS[Math.min(stepIndex(step) + 1, STEPS.length - 1)]?.name ?? step;
}

export function previousStep(step: FormStep): FormStep {
  return STEPS[Math.max(stepIndex(step) - 1, 0)]?.name ?? step;
}

export function isStep(value: unknown): value is FormStep {
  return STEPS.some((s) => s.name === value);
}

/** Field path → message, sorted in screen order; unknown paths go last in their original order. */
export function orderErrors(fields: Record<string, string>): { path: string; message: string }[] {
  const rank = (path: string) => {
    const index = (FIELD_ORDER as readonly string[]).indexOf(normaliseFieldPath(path));
    return index === -1 ? FIELD_ORDER.length : index;
  };
  return Object.entries(fields)
    .map(([path, message], position) => ({ path, message, position }))
    .sort((a, b) => rank(a.path) - rank(b.path) || a.position - b.position)
    .map(({ path, message }) => ({ path, message }));
}

/** The earliest step that holds one of these fields, or undefined when there are none. */
export function firstStepWithError(fields: Record<string, string>): FormStep | undefined {
  let best: FormStep | undefined;
  for (const path of Object.keys(fields)) {
    const step = stepOfField(path);
    if (best === undefined || stepIndex(step) < stepIndex(best)) best = step;
  }
  return best;
}

/** The DOM id of a field's input (the first input of a radio or checkbox group). */
export function fieldId(path: string): string {
  return `q-${normaliseFieldPath(path).replace(/\./g, '-')}`;
}

/** The id of the message element under a field, for `aria-describedby`. */
export function errorId(path: string): string {
  return `${fieldId(path)}-error`;
}

/** The browser's local date as `YYYY-MM-DD`: the day the person sees on their calendar. */
export function localToday(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * A `YYYY-MM-DD` date as the browser's date picker shows it (its locale's numeric date, e.g.
 * 03/31/2027 in en-US, 31/03/2027 in en-GB), so an example in a message can be typed as read.
 */
export function pickerDate(isoDate: string, locale?: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return isoDate;
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' }).format(
    date,
  );
}

type ErrorNode = { message?: unknown; [key: string]: unknown };

/** react-hook-form's nested errors → `{ 'part.name': 'message' }`, the same shape as a 422 body. */
export function flattenErrors(errors: unknown, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof errors !== 'object' || errors === null) return out;
  const node = errors as ErrorNode;
  if (prefix !== '' && typeof node.message === 'string' && node.message !== '') out[prefix] = node.message;
  for (const [key, child] of Object.entries(node)) {
    if (key === 'ref' || key === 'message' || key === 'type' || key === 'types') continue;
    // Array-level messages sit under `root`; they belong to the array itself.
    const path = key === 'root' ? prefix : prefix === '' ? key : `${prefix}.${key}`;
    for (const [p, m] of Object.entries(flattenErrors(child, path))) if (!(p in out)) out[p] = m;
  }
  return out;
}
