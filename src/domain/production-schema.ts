/**
 * The shop's production records (architecture §2, "Production and delivery"): production started on
 * a released lot, a shipment of it, and a shipment's delivery. The shop's request page validates with
 * these (react-hook-form `zodResolver`) and the functions parse the same bodies with them.
 */
import { z } from 'zod/mini';
import { multiLineText, singleLineText } from './text.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const GARBLED = 'The form arrived empty or garbled; reload the page and send it again.';

const revisionId = z
  .string({ error: 'Pick the released lot this is about.' })
  .check(z.regex(UUID, 'Pick the released lot this is about.'));

/** `POST /api/shop/requests/:id/production`: which released lot, and an optional note for the customer. */
export const productionStartSchema = z.object(
  {
    revisionId,
    note: z.optional(
      multiLineText({
        label: 'the note',
        max: 1000,
        tooLong: 'Shorten the note to 1000 characters or fewer.',
        notText: 'Write the note as text, up to 1000 characters.',
      }),
    ),
  },
  { error: GARBLED },
);
export type ProductionStartInput = z.output<typeof productionStartSchema>;

/** A tracking page the customer may open: an https address, nothing else (no script or mail links). */
const trackingUrl = z.optional(
  z.string({ error: 'Enter the tracking page address as text.' }).check(
    z.trim(),
    z.maxLength(500, 'Shorten the tracking page address to 500 characters or fewer.'),
    z.refine(
      (value) => value === '' || isHttpsUrl(value),
      'Enter the tracking page as an address starting with https://.',
    ),
  ),
);

function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname.includes('.');
  } catch {
    return false;
  }
}

/** `POST /api/shop/requests/:id/shipments`: one parcel or pallet of a released lot. */
export const shipmentSchema = z.object(
  {
    revisionId,
    carrier: singleLineText({
      label: 'the carrier',
      max: 80,
      empty: 'Enter the carrier, e.g. DHL or UPS.',
      tooLong: 'Shorten the carrier name to 80 characters or fewer.',
    }),
    trackingReference: singleLineText({
      label: 'the tracking reference',
      max: 120,
      empty: 'Enter the tracking reference the carrier gave you.',
      tooLong: 'Shorten the tracking reference to 120 characters or fewer.',
    }),
    quantity: z
      .number({ error: 'Enter how many pieces this shipment carries, as a whole number.' })
      .check(
        z.int('Enter how many pieces this shipment carries, as a whole number.'),
        z.minimum(1, 'A shipment carries at least 1 piece.'),
        z.maximum(1_000_000, 'Enter a quantity of at most 1,000,000 pieces.'),
      ),
    trackingUrl,
  },
  { error: GARBLED },
);
export type ShipmentInput = z.output<typeof shipmentSchema>;

/** `POST /api/shop/requests/:id/deliveries`: which shipment arrived, and on which day (YYYY-MM-DD). */
export const deliverySchema = z.object(
  {
    shipmentId: z
      .string({ error: 'Pick the shipment that arrived.' })
      .check(z.regex(UUID, 'Pick the shipment that arrived.')),
    deliveredOn: z
      .string({ error: 'Enter the day the shipment arrived.' })
      .check(
        z.trim(),
        z.regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the day the shipment arrived, e.g. 2026-03-05.'),
        z.refine(isCalendarDay, 'Enter a day that exists, e.g. 2026-03-05.'),
      ),
  },
  { error: GARBLED },
);
export type DeliveryInput = z.output<typeof deliverySchema>;

function isCalendarDay(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
