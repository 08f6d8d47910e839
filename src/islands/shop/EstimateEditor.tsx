/**
 * The rough-estimate form: the pricing function's proposal, ready to adjust, then sent as a document
 * marked "rough estimate, not an order". Validated with the function's own schema. The proposal is
 * the server's, priced from the 3D file it measured on upload when there is one (architecture §5).
 *
 * The proposal's internal costing (rates, capacity, quantity breaks, material warnings) is shown beside
 * the form, labelled "Internal — never sent", and is not a field: the form can only send the
 * customer-facing assumptions.
 */
import { useState } from 'react';
import { useForm, type FieldErrors, type Resolver } from 'react-hook-form';
import { toMajorString } from '../../domain/money.js';
import { estimateFormSchema, type EstimateFormInput } from '../../domain/quote-schema.js';
import { fieldErrors } from '../../domain/request-schema.js';
import { ApiError, apiFetch } from '../lib/api.js';
import { newDraftId } from './shop-lib.js';
import type { SendEstimateResult, ShopRequestView } from '../../domain/contracts/inbox.js';
import './estimate-editor.css';

type Values = Omit<EstimateFormInput, 'assumptions'> & { assumptionsText: string };

function toBody(values: Values): unknown {
  const { assumptionsText, ...rest } = values;
  return {
    ...rest,
    assumptions: assumptionsText
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean),
  };
}

const resolver: Resolver<Values> = (values) => {
  const result = estimateFormSchema.safeParse(toBody(values));
  if (result.success) return { values, errors: {} };
  const errors: FieldErrors<Values> = {};
  for (const [path, message] of Object.entries(fieldErrors(result.error))) {
    const key = (path.startsWith('assumptions') ? 'assumptionsText' : path.split('.')[0]) as keyof Values;
    errors[key] ??= { type: 'schema', message };
  }
  return { values: {}, errors };
};

export function EstimateEditor({ view, onSent }: { view: ShopRequestView; onSent: (to: string[]) => void }) {
  const proposal = view.estimate;
  const form = useForm<Values>({
    resolver,
    defaultValues: {
      // One id per opened form: a double click or a retry sends this estimate once.
      sendId: newDraftId(),
      quantity: proposal.quantity,
      low: toMajorString(proposal.totalMinor.low, proposal.currency),
      high: toMajorString(proposal.totalMinor.high, proposal.currency),
      leadDaysMin: proposal.leadDays.min,
      leadDaysMax: proposal.leadDays.max,
      material: proposal.material.name,
      assumptionsText: proposal.assumptions.join('\n'),
      note: '',
    },
  });
  const [serverError, setServerError] = useState<string | null>(null);
  const errors = form.formState.errors;

  const submit = form.handleSubmit(async (values) => {
    setServerError(null);
    try {
      const { data } = await apiFetch<SendEstimateResult>({
        path: `/api/shop/requests/${view.id}/estimate`,
        method: 'POST',
        body: toBody(values),
      });
      onSent(data.sentTo);
    } catch (error) {
      setServerError(error instanceof ApiError ? error.message : String(error));
    }
  });

  const field = (name: keyof Values, label: string, input: React.ReactNode) => {
    const error = errors[name]?.message;
    return (
      <div className={`field${error ? ' field-invalid' : ''}`}>
        <label htmlFor={`estimate-${name}`}>{label}</label>
        {input}
        {error && (
          <p className="field-error" id={`estimate-${name}-error`}>
            {error}
          </p>
        )}
      </div>
    );
  };
  const aria = (name: keyof Values) => ({
    id: `estimate-${name}`,
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': errors[name] ? `estimate-${name}-error` : undefined,
  });

  return (
    <form className="shop-form" onSubmit={(event) => void submit(event)} noValidate aria-label="Send a rough estimate">
      <p className="meta">
        Proposed from the shop data for {proposal.quantity} pcs ({proposal.quantityBasis}) in {proposal.material.name}
        {proposal.material.matched ? '' : ' (our choice)'}
        {proposal.unsuitableFor.length > 0 && `; not rated for ${proposal.unsuitableFor.join(', ')}`},{' '}
        {proposal.sizedFrom
          ? `measured from ${proposal.sizedFrom.name}`
          : 'sized from the dimensions the customer typed (no measured 3D file)'}
        . Adjust before sending: it goes out marked “rough estimate, not an order”.
      </p>
      <section className="estimate-internal" aria-labelledby="estimate-internal-title">
        <h3 id="estimate-internal-title">Internal — never sent</h3>
        <p className="estimate-internal-lede">
          How the shop data priced it. For you only: none of this is in the mail.
        </p>
        {proposal.internal.warnings.length > 0 && (
          <ul className="estimate-internal-warnings" aria-label="Check before sending">
            {proposal.internal.warnings.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        )}
        <ul>
          {proposal.internal.notes.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </section>
      {field(
        'quantity',
        'Quantity',
        <input type="number" min={1} {...aria('quantity')} {...form.register('quantity', { valueAsNumber: true })} />,
      )}
      <div className="shop-pair">
        {field(
          'low',
          'Total from (EUR)',
          <input type="text" inputMode="decimal" {...aria('low')} {...form.register('low')} />,
        )}
        {field(
          'high',
          'Total up to (EUR)',
          <input type="text" inputMode="decimal" {...aria('high')} {...form.register('high')} />,
        )}
      </div>
      <div className="shop-pair">
        {field(
          'leadDaysMin',
          'Lead time from (working days)',
          <input
            type="number"
            min={1}
            {...aria('leadDaysMin')}
            {...form.register('leadDaysMin', { valueAsNumber: true })}
          />,
        )}
        {field(
          'leadDaysMax',
          'Lead time up to (working days)',
          <input
            type="number"
            min={1}
            {...aria('leadDaysMax')}
            {...form.register('leadDaysMax', { valueAsNumber: true })}
          />,
        )}
      </div>
      {field(
        'material',
        'Material assumed',
        <input type="text" {...aria('material')} {...form.register('material')} />,
      )}
      {field(
        'assumptionsText',
        'Assumptions for the customer (one per line, sent as written)',
        <textarea rows={7} {...aria('assumptionsText')} {...form.register('assumptionsText')} />,
      )}
      {field(
        'note',
        'Note to the customer (optional)',
        <textarea rows={2} {...aria('note')} {...form.register('note')} />,
      )}
      {serverError && (
        <p role="alert" className="shop-error">
          {serverError}
        </p>
      )}
      <button type="submit" className="button" disabled={form.formState.isSubmitting}>
        {form.formState.isSubmitting ? 'Sending…' : 'Send rough estimate'}
      </button>
    </form>
  );
}
