/**
 * Workflow events in the event log (`db/event-log.ts`): stored as `type` + `role`/`actor_*` +
 * `payload` (the event's remaining fields), so replaying the rows through the domain's `applyEvent`
 * rebuilds both tracks; and one plain sentence per row for the status page's history. `file_added`
 * rows are written by the upload itself and replayed too: new geometry can reopen a sign-off
 * (architecture §1, invariant 7).
 */
import type {
  Actor,
  ActorRole,
  ReplayedEvent,
  WorkflowEvent,
  WorkflowEventType,
} from '../../domain/workflow/vocabulary.js';
import { parseStoredJson } from '../../domain/stored-json.js';
import { storedEventSchema, storedFileAddedSchema, storedPayloadSchema } from '../../domain/workflow/stored-event.js';
import { EVENT_ROLES } from '../../domain/workflow/tables.js';
import { ACTOR_ROLES } from '../../domain/workflow/vocabulary.js';
import { recordEvent, type EventRole, type EventRow, type RecordEventOptions } from '../db/event-log.js';
import { MODE_LABEL, ROLE_IN_SENTENCE, SCOPE_LABEL, TECHNICAL_LABEL } from '../../domain/labels.js';
import { poLabel } from '../mail/frame.js';
import { formatMoney } from '../../domain/money.js';

export type RecordWorkflowEventOptions = Omit<
  RecordEventOptions,
  'type' | 'role' | 'actorName' | 'actorEmail' | 'payload'
> & {
  event: WorkflowEvent;
  details?: Record<string, unknown>;
};

/** Stores a workflow event: its type and actor in columns, the rest (and any details) in the payload. */
export function recordWorkflowEvent(options: RecordWorkflowEventOptions): Promise<EventRow> {
  return recordEvent(workflowEventRecord(options));
}

/** What `recordWorkflowEvent` stores, for a caller that writes several events in one statement. */
export function workflowEventRecord({ event, details, ...options }: RecordWorkflowEventOptions): RecordEventOptions {
  // `at` is the row's own created_at; an event read back from the log must not store it twice.
  const { type, actor, at: _at, ...fields } = event;
  return {
    ...options,
    type,
    role: actor.role,
    actorName: actor.name,
    actorEmail: actor.email,
    quoteRevisionId: 'revisionId' in fields ? fields.revisionId : options.quoteRevisionId,
    payload: { ...fields, ...details },
  };
}

function isWorkflowType(type: string): type is WorkflowEventType {
  return Object.prototype.hasOwnProperty.call(EVENT_ROLES, type);
}

function isActorRole(role: string): role is ActorRole {
  return (ACTOR_ROLES as readonly string[]).includes(role);
}

/** The row as the domain replays it (a workflow event or a file fact), or undefined for bookkeeping rows. */
export function toWorkflowEvent(row: EventRow): ReplayedEvent | undefined {
  if (!isActorRole(row.role)) return undefined;
  const actor: Actor = { role: row.role, name: row.actorName ?? undefined, email: row.actorEmail ?? undefined };
  const payload = typeof row.payload === 'object' && row.payload !== null ? row.payload : {};
  const event = { ...payload, type: row.type, actor, at: row.createdAt.toISOString() };
  if (row.type === 'file_added') return parseStoredJson(storedFileAddedSchema, event, 'events.payload', row.id);
  if (!isWorkflowType(row.type)) return undefined;
  // The payload was written from a WorkflowEvent of this type by recordWorkflowEvent.
  return parseStoredJson(storedEventSchema, event, 'events.payload', row.id);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function scopeWords(payload: Record<string, unknown>): string {
  const scope = SCOPE_LABEL[payload.scope as keyof typeof SCOPE_LABEL] ?? 'quote';
  return typeof payload.quantity === 'number' ? `${scope}, ${payload.quantity} pcs` : scope;
}

/** The request's two contacts' addresses, so a sentence can name them by role instead. */
export interface SummaryContacts {
  technical?: string | undefined;
  purchasing?: string | undefined;
}

/**
 * A recipient as the history names it: already in words ("the technical contact", as the outbox
 * records them), or an address, named by the contact's role; any other address is "another address".
 */
function recipientWords(address: string, contacts: SummaryContacts): string {
  if (!address.includes('@')) return address;
  const lower = address.toLowerCase();
  if (contacts.technical && lower.includes(contacts.technical.toLowerCase())) return 'the technical contact';
  if (contacts.purchasing && lower.includes(contacts.purchasing.toLowerCase())) return 'the purchasing approver';
  return 'another address';
}

/**
 * One plain sentence per event for the status page's history. It names people by role, never by
 * address: the history is read through links that may be forwarded, and staff are "the shop".
 */
export function summarizeEvent(row: EventRow, contacts: SummaryContacts = {}): string {
  const p = parseStoredJson(storedPayloadSchema, row.payload, 'events.payload', row.id);
  switch (row.type) {
    case 'request_submitted': {
      const mode = MODE_LABEL[p.mode as keyof typeof MODE_LABEL];
      const reorderOf = p.reorderOf as { reference?: unknown } | undefined;
      const again = text(reorderOf?.reference) ? `, a reorder of ${text(reorderOf?.reference)}` : '';
      return `Request ${text(p.reference) ?? ''} submitted${mode ? ` for a ${mode}` : ''}${again}.`.replace('  ', ' ');
    }
    case 'links_sent': {
      const to = Array.isArray(p.recipients) ? p.recipients.filter((r): r is string => typeof r === 'string') : [];
      const words = [...new Set(to.map((address) => recipientWords(address, contacts)))];
      return words.length ? `Links sent by email to ${words.join(' and ')}.` : 'Links sent by email.';
    }
    case 'mail_failed': {
      const to = text(p.recipient);
      return `An email to ${to ? recipientWords(to, contacts) : 'a contact'} could not be sent; the shop can resend the links.`;
    }
    case 'file_added':
      return `${text(p.name) ?? 'A file'} added by ${ROLE_IN_SENTENCE[row.role as EventRole] ?? row.role}.`;
    case 'technical_review':
      return p.decision === 'sample_required'
        ? 'Technical review: a sample is required before production.'
        : `Technical review: ${TECHNICAL_LABEL[p.decision === 'direction_confirmed' ? 'direction_confirmed' : 'changes_requested'].toLowerCase()}.`;
    case 'sign_off_inherited':
      return `Technical approval carried over from the earlier order ${text(p.fromReference) ?? ''}: same 3D files, same material.`;
    case 'sample_shipped':
      return `The shop shipped a sample${text(p.trackingReference) ? ` (tracking ${text(p.trackingReference)})` : ''}.`;
    case 'first_article':
      return p.decision === 'accepted' ? 'First article accepted.' : 'First article rejected.';
    case 'estimate_sent':
      return 'The shop sent a rough estimate.';
    case 'quote_issued':
      return `Quote issued: ${scopeWords(p)}.`;
    case 'quote_revised':
      return `Quote revised: ${scopeWords(p)}; the previous revision no longer applies.`;
    case 'quote_canceled':
      return 'Quote canceled.';
    case 'quote_expired':
      return 'Quote expired.';
    case 'purchasing_accepted':
      return `Purchasing released the quote${text(p.poNumber) ? ` under ${poLabel(text(p.poNumber) ?? '')}` : ''}.`;
    case 'purchasing_approved':
      return `${row.actorName ?? 'A purchasing approver'} released the quote${text(p.poNumber) ? ` under ${poLabel(text(p.poNumber) ?? '')}` : ''}; it waits for the other approver's release.`;
    case 'approval_rule_set': {
      const second = p.secondApprover as { name?: unknown } | undefined;
      const amount =
        typeof p.thresholdMinor === 'number' && typeof p.currency === 'string'
          ? ` above ${formatMoney(p.thresholdMinor, p.currency)}`
          : '';
      // Named on the release page by purchasing, or with the request by the requester (§11).
      const who = row.role === 'requester' ? 'The requester' : 'Purchasing';
      return `${who} named ${text(second?.name) ?? 'a second approver'} as second approver: quotes${amount} need both releases.`;
    }
    case 'purchasing_hold':
      return `Purchasing put the quote on hold${text(p.reason) ? `: ${text(p.reason)}` : ''}.`;
    case 'purchasing_declined':
      return `Purchasing declined the quote${text(p.reason) ? `: ${text(p.reason)}` : ''}.`;
    case 'invoice_created':
      return 'Invoice created.';
    case 'invoice_finalized':
      return 'Invoice finalized.';
    case 'invoice_sent':
      return 'Invoice sent to purchasing.';
    case 'invoice_paid':
      return 'Invoice paid.';
    case 'invoice_voided':
      return 'Invoice voided.';
    case 'invoice_payment_failed':
      return 'An invoice payment attempt failed.';
    case 'invoice_fields_set':
      return 'PO number and budget code put on the invoice.';
    case 'release_step_failed':
      return 'Stripe did not answer during the release; the portal retries and completes the same invoice.';
    case 'po_document_added':
      return `${text(p.name) ?? 'A PDF'} attached as the purchase order document.`;
    case 'release_certificate_issued':
      return 'Release certificate issued; it downloads from the release and status pages.';
    case 'release_failed':
      return `Stripe refused the release${text(p.message) ? `: ${text(p.message)}` : ''}.`;
    case 'reminder_sent': {
      const to =
        p.recipientRole === 'shop'
          ? 'the shop'
          : p.recipientRole === 'technical'
            ? 'the technical contact'
            : 'purchasing';
      return `Reminder sent to ${to}.`;
    }
    case 'reminders_stopped':
      return `${p.role === 'technical' ? 'The technical contact' : 'The purchasing approver'} stopped reminder emails about this request.`;
    case 'accepted_outside_portal':
      return 'The quote was marked accepted in Stripe outside the portal; this is not a purchasing release.';
    case 'production_started':
      return 'The shop started production of a released lot.';
    case 'lot_shipped': {
      const pieces = typeof p.quantity === 'number' ? `${p.quantity} pcs` : 'a shipment';
      const tracking = [text(p.carrier), text(p.trackingReference)].filter(Boolean).join(' ');
      return `The shop shipped ${pieces}${tracking ? ` (${tracking})` : ''}.`;
    }
    case 'lot_delivered': {
      const on = text(p.deliveredOn);
      const date = on ? new Date(`${on}T00:00:00Z`) : undefined;
      const words =
        date && !Number.isNaN(date.getTime())
          ? date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
          : on;
      return `A shipment was delivered${words ? ` on ${words}` : ''}.`;
    }
    default:
      return `${row.type.replace(/_/g, ' ')}.`;
  }
}
