/**
 * The shop's production track on the request page (architecture §2, "Production and delivery"): each
 * released production lot with released / shipped / delivered / remaining pieces, and the forms that
 * record production started, a shipment (the remaining quantity shown beside its field) and a
 * shipment's delivery. The forms validate with the functions' own schemas; the server's refusals
 * (a gate not met, more than remains) show beside the form that caused them.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm, type Resolver } from 'react-hook-form';
import type { LotView, ProductionView, ShipmentView } from '../../domain/contracts/production.js';
import { shipmentSchema, type ShipmentInput } from '../../domain/production-schema.js';
import { toOptionalNumber } from '../../domain/request-schema.js';
import { ApiError, apiFetch } from '../lib/api.js';
import { Field, fieldDescription, messageAt } from '../lib/fields.js';
import { ActionForm, ErrorAlert, useApiAction } from './shop-controls.js';
import { day } from './shop-lib.js';

type Done = (text: string) => void;

export function ProductionPanel({
  requestId,
  production,
  onDone,
}: {
  requestId: string;
  production: ProductionView;
  onDone: Done;
}) {
  if (production.lots.length === 0) return null;
  return (
    <section aria-labelledby="production-title" className="shop-production">
      <h2 id="production-title">Production and shipping</h2>
      {production.lots.map((lot) => (
        <LotCard key={lot.revisionId} requestId={requestId} lot={lot} onDone={onDone} />
      ))}
    </section>
  );
}

function LotCard({ requestId, lot, onDone }: { requestId: string; lot: LotView; onDone: Done }) {
  const titleId = `lot-${lot.revisionId}-title`;
  return (
    <article className="shop-lot" aria-labelledby={titleId}>
      <h3 id={titleId}>
        {lot.scopeLabel} of {lot.released}
      </h3>
      <dl className="shop-facts">
        <dt>Released</dt>
        <dd>{lot.released} pcs</dd>
        <dt>Shipped</dt>
        <dd>{lot.shipped} pcs</dd>
        <dt>Delivered</dt>
        <dd>{lot.delivered} pcs</dd>
        <dt>Remaining to ship</dt>
        <dd>{lot.remaining} pcs</dd>
        <dt>Production</dt>
        <dd>
          {lot.started ? `Started${lot.startedAt ? ` ${day(lot.startedAt)}` : ''}` : 'Not started'}
          {lot.note ? `: ${lot.note}` : ''}
        </dd>
      </dl>
      {!lot.started && <StartForm requestId={requestId} lot={lot} onDone={onDone} />}
      {lot.shipments.length > 0 && (
        <ul className="shop-shipments" aria-label={`Shipments of the ${lot.scopeLabel.toLowerCase()}`}>
          {lot.shipments.map((shipment) => (
            <li key={shipment.shipmentId}>
              <ShipmentLine shipment={shipment} />
              {!shipment.deliveredOn && <DeliveryForm requestId={requestId} shipment={shipment} onDone={onDone} />}
            </li>
          ))}
        </ul>
      )}
      {lot.started && lot.remaining > 0 && <ShipmentForm requestId={requestId} lot={lot} onDone={onDone} />}
    </article>
  );
}

function ShipmentLine({ shipment }: { shipment: ShipmentView }) {
  return (
    <p>
      {shipment.quantity} pcs by {shipment.carrier}, tracking{' '}
      {shipment.trackingUrl ? (
        <a href={shipment.trackingUrl} rel="noopener noreferrer" target="_blank">
          {shipment.trackingReference}
          <span className="visually-hidden"> (opens the carrier’s page)</span>
        </a>
      ) : (
        shipment.trackingReference
      )}
      {shipment.shippedAt ? `, shipped ${day(shipment.shippedAt)}` : ''}
      {shipment.deliveredOn ? `, delivered ${day(shipment.deliveredOn)}` : ', not yet delivered'}
    </p>
  );
}

function StartForm({ requestId, lot, onDone }: { requestId: string; lot: LotView; onDone: Done }) {
  const [note, setNote] = useState('');
  const id = `start-${lot.revisionId}`;
  return (
    <ActionForm
      label={`Record production started: ${lot.scopeLabel.toLowerCase()}`}
      submitLabel="Record production started"
      onSubmit={async () => {
        await apiFetch({
          path: `/api/shop/requests/${requestId}/production`,
          method: 'POST',
          body: { revisionId: lot.revisionId, note },
        });
        onDone(`Production of the ${lot.scopeLabel.toLowerCase()} recorded as started.`);
      }}
    >
      {lot.startBlocked && <p className="shop-flag-block">{lot.startBlocked}</p>}
      <Field id={`${id}-note`} label="Note for the customer" optional>
        <textarea id={`${id}-note`} rows={2} value={note} onChange={(event) => setNote(event.target.value)} />
      </Field>
    </ActionForm>
  );
}

type ShipmentValues = ShipmentInput;
const shipmentResolver = zodResolver(shipmentSchema) as unknown as Resolver<ShipmentValues>;
const SHIPMENT_FIELDS = ['carrier', 'trackingReference', 'quantity', 'trackingUrl'] as const;

function ShipmentForm({ requestId, lot, onDone }: { requestId: string; lot: LotView; onDone: Done }) {
  const form = useForm<ShipmentValues>({
    defaultValues: { revisionId: lot.revisionId, carrier: '', trackingReference: '', trackingUrl: '' },
    resolver: shipmentResolver,
  });
  const [serverError, setServerError] = useState<string | null>(null);
  const errors = form.formState.errors;
  const prefix = `ship-${lot.revisionId}`;
  const submit = form.handleSubmit(async (values) => {
    setServerError(null);
    if (values.quantity > lot.remaining) {
      form.setError('quantity', { message: `Only ${lot.remaining} remain to ship; enter ${lot.remaining} or fewer.` });
      return;
    }
    try {
      const path = `/api/shop/requests/${requestId}/shipments`;
      await apiFetch({ path, method: 'POST', body: values });
      // The next parcel is another shipment: start it from empty fields.
      form.reset();
      onDone(`Shipment of ${values.quantity} pcs recorded; both customer contacts are told.`);
    } catch (error) {
      if (error instanceof ApiError) {
        for (const [field, text] of Object.entries(error.fields)) {
          if ((SHIPMENT_FIELDS as readonly string[]).includes(field)) {
            form.setError(field as (typeof SHIPMENT_FIELDS)[number], { message: text });
          }
        }
        setServerError(error.message);
      } else setServerError(String(error));
    }
  });
  const control = (name: (typeof SHIPMENT_FIELDS)[number], hint?: string) => {
    const error = messageAt(errors, name);
    return {
      id: `${prefix}-${name}`,
      'aria-invalid': error ? true : undefined,
      'aria-describedby': fieldDescription(`${prefix}-${name}`, { hint, error }),
    };
  };
  const remainingHint = `${lot.remaining} of ${lot.released} remain to ship.`;
  const urlHint = 'The carrier’s https:// page for this parcel; the customer gets it as a link.';
  return (
    <form
      className="shop-form"
      noValidate
      onSubmit={(event) => void submit(event)}
      aria-label={`Record a shipment: ${lot.scopeLabel.toLowerCase()}`}
    >
      <Field id={`${prefix}-carrier`} label="Carrier" error={messageAt(errors, 'carrier')}>
        <input type="text" autoComplete="off" {...control('carrier')} {...form.register('carrier')} />
      </Field>
      <Field
        id={`${prefix}-trackingReference`}
        label="Tracking reference"
        error={messageAt(errors, 'trackingReference')}
      >
        <input
          type="text"
          autoComplete="off"
          {...control('trackingReference')}
          {...form.register('trackingReference')}
        />
      </Field>
      <Field
        id={`${prefix}-quantity`}
        label="Pieces in this shipment"
        hint={remainingHint}
        error={messageAt(errors, 'quantity')}
      >
        <input
          type="number"
          inputMode="numeric"
          min={1}
          max={lot.remaining}
          {...control('quantity', remainingHint)}
          {...form.register('quantity', { setValueAs: toOptionalNumber })}
        />
      </Field>
      <Field
        id={`${prefix}-trackingUrl`}
        label="Tracking page address"
        optional
        hint={urlHint}
        error={messageAt(errors, 'trackingUrl')}
      >
        <input type="url" autoComplete="off" {...control('trackingUrl', urlHint)} {...form.register('trackingUrl')} />
      </Field>
      <ErrorAlert error={serverError} />
      <button type="submit" className="button" disabled={form.formState.isSubmitting}>
        Record shipment
      </button>
    </form>
  );
}

function DeliveryForm({ requestId, shipment, onDone }: { requestId: string; shipment: ShipmentView; onDone: Done }) {
  const [deliveredOn, setDeliveredOn] = useState(() => new Date().toISOString().slice(0, 10));
  const [fieldError, setFieldError] = useState<string | undefined>(undefined);
  const [error, run] = useApiAction();
  const id = `deliver-${shipment.shipmentId}-day`;
  return (
    <form
      className="shop-form shop-form-inline"
      noValidate
      aria-label={`Record delivery of ${shipment.quantity} pcs, tracking ${shipment.trackingReference}`}
      onSubmit={(event) => {
        event.preventDefault();
        setFieldError(undefined);
        void run(async () => {
          try {
            await apiFetch({
              path: `/api/shop/requests/${requestId}/deliveries`,
              method: 'POST',
              body: { shipmentId: shipment.shipmentId, deliveredOn },
            });
          } catch (caught) {
            if (caught instanceof ApiError && caught.fields.deliveredOn) {
              setFieldError(caught.fields.deliveredOn);
              return;
            }
            throw caught;
          }
          onDone(`Delivery of ${shipment.quantity} pcs recorded; both customer contacts are told.`);
        });
      }}
    >
      <Field id={id} label="Delivered on" error={fieldError}>
        <input
          id={id}
          type="date"
          value={deliveredOn}
          aria-invalid={fieldError ? true : undefined}
          aria-describedby={fieldDescription(id, { hint: undefined, error: fieldError })}
          onChange={(event) => setDeliveredOn(event.target.value)}
        />
      </Field>
      <ErrorAlert error={error} />
      <button type="submit" className="button button-secondary">
        Record delivered
      </button>
    </form>
  );
}
