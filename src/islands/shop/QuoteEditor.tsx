/**
 * The firm-quote form, for a first quote and for a revision: scope, lot quantity, lines, lead time,
 * shipping and payment terms, validity, and whether purchasing may release without a PO number.
 * Validated with the same schema the function parses.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useFieldArray, useForm, type FieldErrors, type Resolver } from 'react-hook-form';
import { quoteFormSchema, type QuoteFormInput } from '../../domain/quote-schema.js';
import { SCOPE_LABEL } from '../../domain/labels.js';
import { QUOTE_SCOPES } from '../../domain/workflow/vocabulary.js';
import { ApiError, apiFetch } from '../lib/api.js';
import { quoteFormDefaults, quotePrefillSource } from './quote-defaults.js';
import type { QuoteRevisionView, ShopRequestView } from '../../domain/contracts/index.js';

export interface QuoteEditorProps {
  view: ShopRequestView;
  /** The revision being revised; absent for a first quote. */
  revising?: QuoteRevisionView | undefined;
  onDone: (quote: QuoteRevisionView) => void;
}

const resolver = zodResolver(quoteFormSchema) as unknown as Resolver<QuoteFormInput>;

function message(errors: FieldErrors<QuoteFormInput>, path: string): string | undefined {
  let node: unknown = errors;
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  const text = (node as { message?: unknown } | undefined)?.message;
  return typeof text === 'string' ? text : undefined;
}

export function QuoteEditor({ view, revising, onDone }: QuoteEditorProps) {
  const form = useForm<QuoteFormInput>({ defaultValues: quoteFormDefaults(view, revising), resolver });
  const lines = useFieldArray({ control: form.control, name: 'lines' });
  const [serverError, setServerError] = useState<string | null>(null);
  const errors = form.formState.errors;
  const prefix = revising ? 'revise' : 'quote';

  const submit = form.handleSubmit(async (values) => {
    setServerError(null);
    try {
      const path = revising ? `/api/shop/quotes/${revising.id}/revise` : `/api/shop/requests/${view.id}/quotes`;
      const { data } = await apiFetch<QuoteRevisionView>({ path, method: 'POST', body: values });
      onDone(data);
    } catch (error) {
      if (error instanceof ApiError) {
        for (const [field, text] of Object.entries(error.fields)) {
          form.setError(field as keyof QuoteFormInput, { message: text });
        }
        setServerError(error.message);
      } else setServerError(String(error));
    }
  });

  const field = (name: string, label: string, input: React.ReactNode, hint?: string) => {
    const error = message(errors, name);
    const id = `${prefix}-${name.replace(/\./g, '-')}`;
    return (
      <div className={`field${error ? ' field-invalid' : ''}`}>
        <label htmlFor={id}>{label}</label>
        {hint && (
          <p className="hint" id={`${id}-hint`}>
            {hint}
          </p>
        )}
        {input}
        {error && (
          <p className="field-error" id={`${id}-error`}>
            {error}
          </p>
        )}
      </div>
    );
  };
  const aria = (name: string, hint = false) => {
    const id = `${prefix}-${name.replace(/\./g, '-')}`;
    const error = message(errors, name);
    const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
    return { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy || undefined };
  };

  return (
    <form
      className="shop-form"
      onSubmit={(event) => void submit(event)}
      noValidate
      aria-label={revising ? 'Revise the quote' : 'Issue a firm quote'}
    >
      {!revising && <p className="meta">{quotePrefillSource(view)}</p>}
      {field(
        'scope',
        'What this quote releases',
        <select {...aria('scope')} {...form.register('scope')}>
          {QUOTE_SCOPES.map((scope) => (
            <option key={scope} value={scope}>
              {SCOPE_LABEL[scope]}
            </option>
          ))}
        </select>,
      )}
      {field(
        'quantity',
        'Quantity this quote releases',
        <input
          type="number"
          min={1}
          {...aria('quantity', true)}
          {...form.register('quantity', { valueAsNumber: true })}
        />,
        view.quantities.total
          ? `The customer asked for ${view.quantities.total} in total${view.quantities.provisional ? ' (provisional)' : ''}; a lot can be released at a time.`
          : undefined,
      )}
      <fieldset className="shop-lines">
        <legend>Lines</legend>
        {lines.fields.map((line, index) => (
          <div key={line.id} className="shop-line">
            {field(
              `lines.${index}.description`,
              `Line ${index + 1} description`,
              <input
                type="text"
                {...aria(`lines.${index}.description`)}
                {...form.register(`lines.${index}.description`)}
              />,
            )}
            {field(
              `lines.${index}.quantity`,
              `Line ${index + 1} quantity`,
              <input
                type="number"
                min={1}
                {...aria(`lines.${index}.quantity`)}
                {...form.register(`lines.${index}.quantity`, { valueAsNumber: true })}
              />,
            )}
            {field(
              `lines.${index}.unitPrice`,
              `Line ${index + 1} unit price (EUR)`,
              <input
                type="text"
                inputMode="decimal"
                {...aria(`lines.${index}.unitPrice`)}
                {...form.register(`lines.${index}.unitPrice`)}
              />,
            )}
            {lines.fields.length > 1 && (
              <button type="button" className="button button-secondary" onClick={() => lines.remove(index)}>
                Remove line {index + 1}
              </button>
            )}
          </div>
        ))}
        {message(errors, 'lines') && <p className="field-error">{message(errors, 'lines')}</p>}
        <button
          type="button"
          className="button button-secondary"
          onClick={() => lines.append({ description: 'Setup and first-article check', quantity: 1, unitPrice: '0' })}
        >
          Add a line
        </button>
      </fieldset>
      {field(
        'leadTimeDays',
        'Lead time (working days after release)',
        <input
          type="number"
          min={1}
          {...aria('leadTimeDays')}
          {...form.register('leadTimeDays', { valueAsNumber: true })}
        />,
      )}
      {field(
        'shippingTerms',
        'Shipping terms',
        <input type="text" {...aria('shippingTerms')} {...form.register('shippingTerms')} />,
      )}
      {field(
        'paymentTermsDays',
        'Payment terms (net days)',
        <input
          type="number"
          min={0}
          {...aria('paymentTermsDays')}
          {...form.register('paymentTermsDays', { valueAsNumber: true })}
        />,
      )}
      {field(
        'validDays',
        'Valid for (days)',
        <input type="number" min={1} {...aria('validDays')} {...form.register('validDays', { valueAsNumber: true })} />,
      )}
      {field(
        'note',
        'Note on the quote (optional)',
        <input type="text" {...aria('note')} {...form.register('note')} />,
      )}
      <div className={`choice${message(errors, 'poOptional') ? ' field-invalid' : ''}`}>
        <input type="checkbox" {...aria('poOptional', true)} {...form.register('poOptional')} />
        <label htmlFor={`${prefix}-poOptional`}>
          <span className="choice-label">Purchasing may release without a PO number</span>
          <span className="choice-hint" id={`${prefix}-poOptional-hint`}>
            Use for customers who release by signature or budget code; the PO field becomes optional on the release
            page.
          </span>
        </label>
        {message(errors, 'poOptional') && (
          <p className="field-error" id={`${prefix}-poOptional-error`}>
            {message(errors, 'poOptional')}
          </p>
        )}
      </div>
      <div className="choice">
        <input type="checkbox" id={`${prefix}-poDocumentRequired`} {...form.register('poDocumentRequired')} />
        <label htmlFor={`${prefix}-poDocumentRequired`}>
          <span className="choice-label">Purchasing must attach the PO as a PDF</span>
          <span className="choice-hint">The release page then asks for the PO document before it releases.</span>
        </label>
      </div>
      {serverError && (
        <p role="alert" className="shop-error">
          {serverError}
        </p>
      )}
      <button type="submit" className="button" disabled={form.formState.isSubmitting}>
        {form.formState.isSubmitting
          ? 'Creating the quote in Stripe…'
          : revising
            ? `Issue revision ${revising.revision + 1}`
            : 'Issue firm quote'}
      </button>
    </form>
  );
}
