/**
 * What the review step lists: every value entered, in words, grouped by the step that holds it (so
 * each group can offer "Change"), and what each mode leads to.
 */
import { MODE_NEXT, MODE_TITLE, PO_STATUS_LABEL } from '../../domain/labels.js';
import { formatMoney, parseMajor } from '../../domain/money.js';
import { HELP_ME_CHOOSE } from '../../domain/request-fields.js';
import { site } from '../../domain/site.js';
import type { DraftFile } from './draft.js';
import { formatBytes } from '../lib/format.js';
import type { FormStep } from './steps.js';
import type { FormValues } from './values.js';

export type ReviewRow = { label: string; value: string };
export type ReviewSection = { step: FormStep; title: string; rows: ReviewRow[] };

const ENVIRONMENT_TEXT = {
  heat: 'heat',
  load: 'load',
  motion: 'motion or vibration',
  outdoorUv: 'outdoor use / UV',
  chemicals: 'oils, solvents or chemicals',
} as const;

/** The review step's content, from the form values and the attached files. */
export function reviewSections(values: FormValues, files: readonly DraftFile[]): ReviewSection[] {
  const { part, quantities: q, technicalContact: tech, purchasingApprover: approver } = values;
  const exposed = (Object.keys(ENVIRONMENT_TEXT) as (keyof typeof ENVIRONMENT_TEXT)[])
    .filter((key) => part.environment[key])
    .map((key) => ENVIRONMENT_TEXT[key]);
  const size = [part.size.lengthMm, part.size.widthMm, part.size.heightMm].map((n) => n ?? '?').join(' × ');
  const quantities = [
    q.sample !== undefined ? `Sample: ${q.sample}` : '',
    q.openingLot !== undefined ? `Opening lot: ${q.openingLot}` : '',
    q.total !== undefined ? `Total: ${q.total}` : '',
  ].filter(Boolean);
  const po = approver.poStatus ? PO_STATUS_LABEL[approver.poStatus] : 'Not given';
  const poText = approver.poStatus === 'issued' && approver.poNumber ? `${po}: ${approver.poNumber}` : po;

  const purchasingRows: ReviewRow[] = values.sameContactForBothRoles
    ? [
        {
          label: 'Approver',
          value: `${tech.name || 'The technical contact'} will also approve the purchase. The technical review link does not release an order: a quote is released only by accepting it through the separate purchasing link.`,
        },
        { label: 'Purchase order', value: poText },
      ]
    : [
        { label: 'Name', value: approver.name },
        { label: 'Email', value: approver.email },
        { label: 'Company', value: approver.company },
        ...optionalRow('Job title', approver.jobTitle),
        { label: 'Purchase order', value: poText },
      ];

  purchasingRows.push(...secondApproverRows(values));

  return [
    {
      step: 'mode',
      title: 'What you need now',
      rows: [
        ...(values.mode
          ? [{ label: MODE_TITLE[values.mode], value: MODE_NEXT[values.mode] }]
          : [{ label: 'Mode', value: 'Not chosen' }]),
        {
          label: 'Quantities',
          value: `${quantities.join(', ') || 'Not given'}${q.provisional ? ' (still moving)' : ''}`,
        },
        { label: 'Needed by', value: values.neededBy },
      ],
    },
    {
      step: 'part',
      title: 'The part',
      rows: [
        { label: 'Name', value: part.name },
        { label: 'Problem it solves', value: part.problem },
        { label: 'Replacement or new', value: part.kind === 'replacement' ? 'Replaces an existing part' : 'New part' },
        { label: 'Approximate size', value: `${size} mm (L × W × H)` },
        { label: 'Material', value: part.material === HELP_ME_CHOOSE ? 'Help me choose' : part.material },
        {
          label: 'Environment',
          value: exposed.length > 0 ? capitalise(exposed.join(', ')) : 'No special conditions',
        },
        ...optionalRow('Environment notes', part.environment.notes),
        ...optionalRow('Finish', part.finish),
      ],
    },
    {
      step: 'files',
      title: 'Files',
      rows:
        files.length > 0
          ? files.map((file) => ({
              label: file.kind === 'image' ? 'Image' : 'CAD file',
              value: `${file.name} (${formatBytes(file.size)})`,
            }))
          : [{ label: 'Files', value: 'None attached' }],
    },
    {
      step: 'technical',
      title: 'Technical contact',
      rows: [
        { label: 'Name', value: tech.name },
        { label: 'Email', value: tech.email },
        ...optionalRow('Phone', tech.phone),
        { label: 'Company', value: tech.company },
        ...optionalRow('Job title', tech.jobTitle),
      ],
    },
    { step: 'purchasing', title: 'Purchasing approver', rows: purchasingRows },
  ];
}

/** What each role receives after submitting, for the success view: who gets which link, at which address. */
export function nextStepsByRole(values: FormValues): ReviewRow[] {
  const tech = values.technicalContact.name || 'The technical contact';
  const to = (email: string) => (email.trim() ? ` to ${email.trim()}` : '');
  const shop = { label: 'The shop', value: 'Reviews the request and replies with an estimate or a quote.' };
  const second = values.needsSecondApprover
    ? [
        {
          label: `${values.secondApprover.name || 'The second approver'} (second approver)`,
          value: `Their own purchasing link${to(values.secondApprover.email)} when a quote above the amount arrives; above it both releases are needed.`,
        },
      ]
    : [];
  if (values.sameContactForBothRoles) {
    return [
      {
        label: `${tech} (technical contact and purchasing approver)`,
        value: `One email${to(values.technicalContact.email)} with the technical review link. Reviewing the part does not order anything: when a quote arrives, it has its own purchasing link, and only accepting it there releases the order.`,
      },
      ...second,
      shop,
    ];
  }
  return [
    {
      label: `${tech} (technical contact)`,
      value: `An email${to(values.technicalContact.email)} with a link to review the part direction: fit, geometry, material, whether a sample is needed.`,
    },
    {
      label: `${values.purchasingApprover.name || 'The purchasing approver'} (purchasing approver)`,
      value: `A short note${to(values.purchasingApprover.email)} that this request names them, with a status link. Nothing is theirs to approve until a quote arrives.`,
    },
    ...second,
    shop,
  ];
}

/** The second approver and the amount above which both must release, when the box is ticked. */
export function secondApproverRows(values: FormValues): ReviewRow[] {
  if (!values.needsSecondApprover) return [];
  const second = values.secondApprover;
  const minor = parseMajor(second.threshold, site.currency);
  const amount = minor === undefined ? second.threshold : formatMoney(minor, site.currency);
  const who = [second.name, second.jobTitle.trim()].filter(Boolean).join(', ');
  return [
    { label: 'Second approver', value: `${who} (${second.email})` },
    {
      label: 'Both must release',
      value: `Orders above ${amount}: nothing is ordered until ${second.name || 'the second approver'} has released too.`,
    },
  ];
}

function optionalRow(label: string, value: string): ReviewRow[] {
  return value.trim() === '' ? [] : [{ label, value }];
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
