/**
 * Approval by amount on the release page (docs/architecture.md §11): who must release this revision
 * and who has, and, for the purchasing approver the request names, a form to name a second approver
 * from their company and the amount above which both must release.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useState, type RefObject } from 'react';
import { useForm, type Resolver } from 'react-hook-form';
import { toMajorString } from '../../domain/money.js';
import { secondApproverSchema } from '../../domain/release-schema.js';
import type { ApprovalsView, QuoteReleaseView } from '../../domain/contracts/quote-view.js';
import { ApiError, apiFetch } from '../lib/api.js';
import { Field, fieldDescription } from '../lib/fields.js';
import { ApproverList, approvalRuleWords } from '../lib/approvers.js';
import { money } from './logic.js';

/** Who must release this revision, who has released it, and who is still needed. */
export function ApprovalsPanel({ view }: { view: QuoteReleaseView }) {
  const { approvals } = view;
  if (!approvals.rule && approvals.approvers.length <= 1) return null;
  const rule = approvals.rule;
  const ruleWords = rule
    ? approvalRuleWords({
        thresholdMinor: rule.thresholdMinor,
        currency: rule.currency,
        secondApproverName: rule.secondApprover.name,
        bothRequired: approvals.bothRequired,
      })
    : null;
  return (
    <section aria-labelledby="approvals-title" className="release-approvals">
      <h2 id="approvals-title">Approvals</h2>
      <ApproverList approvers={approvals.approvers} viewer={approvals.viewer} />
      {ruleWords && <p className="hint">{ruleWords}</p>}
    </section>
  );
}

/** Whether the approver looking at the page has released this revision already. */
export function viewerReleased(approvals: ApprovalsView): boolean {
  return approvals.approvers.some((approver) => approver.slot === approvals.viewer && approver.released);
}

/** This approver released; the revision waits for the other one. */
export function WaitingForOther({
  view,
  outcomeRef,
}: {
  view: QuoteReleaseView;
  outcomeRef: RefObject<HTMLElement | null> | undefined;
}) {
  const missing = view.approvals.approvers.filter((approver) => !approver.released).map((a) => a.name);
  return (
    <section
      aria-labelledby="waiting-title"
      className="release-hold release-waiting"
      tabIndex={-1}
      ref={outcomeRef}
      role={outcomeRef ? 'status' : undefined}
    >
      <h2 id="waiting-title">Your release is recorded</h2>
      <p>
        This quote also needs {missing.join(' and ') || 'the other approver'} to release it; they have their own link by
        email. Nothing is ordered or invoiced until then, and this page shows the receipt once it is released.
      </p>
    </section>
  );
}

type SecondApproverValues = { name: string; email: string; jobTitle: string; threshold: string };

/** The first approver names a second approver and the amount above which both must release. */
export function SecondApproverForm({
  view,
  token,
  onSaved,
}: {
  view: QuoteReleaseView;
  token: string;
  onSaved: () => void;
}) {
  const rule = view.approvals.rule;
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [serverError, setServerError] = useState<string | null>(null);
  const form = useForm<SecondApproverValues>({
    defaultValues: {
      name: rule?.secondApprover.name ?? '',
      email: rule?.secondApprover.email ?? '',
      jobTitle: rule?.secondApprover.jobTitle ?? '',
      threshold: rule ? toMajorString(rule.thresholdMinor, rule.currency) : '',
    },
    resolver: zodResolver(secondApproverSchema) as unknown as Resolver<SecondApproverValues>,
  });
  const errors = form.formState.errors;
  const submit = form.handleSubmit(async (values) => {
    setServerError(null);
    try {
      await apiFetch<QuoteReleaseView>({
        path: `/api/quotes/${view.id}/approvers`,
        method: 'POST',
        token,
        body: values,
      });
      setSaved(`${values.name} is named as second approver. We emailed them when their release is needed.`);
      setOpen(false);
      onSaved();
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError(0, 'UNKNOWN', String(error));
      for (const [path, message] of Object.entries(apiError.fields)) {
        form.setError(path as keyof SecondApproverValues, { message });
      }
      setServerError(apiError.message);
    }
  });
  const field = (name: keyof SecondApproverValues, label: string, hint: string, type: 'text' | 'email' = 'text') => {
    const id = `second-${name}`;
    const error = errors[name]?.message;
    return (
      <Field id={id} label={label} hint={hint} optional={name === 'jobTitle'} error={error}>
        <input
          id={id}
          type={type}
          inputMode={name === 'threshold' ? 'decimal' : undefined}
          autoComplete={name === 'email' ? 'email' : name === 'name' ? 'name' : 'off'}
          aria-invalid={error ? true : undefined}
          aria-describedby={fieldDescription(id, { hint, error })}
          {...form.register(name)}
        />
      </Field>
    );
  };
  return (
    <section aria-labelledby="second-title" className="release-alternatives release-second">
      <h2 id="second-title">Does this order need a second approver?</h2>
      <p className="hint">
        If your company needs two signatures above an amount, name the second approver here. Above that amount both of
        you release, each through your own link; the order is placed only after the second release.
      </p>
      {saved && (
        <p role="status" className="release-saved">
          {saved}
        </p>
      )}
      <button
        type="button"
        className="button button-secondary"
        aria-expanded={open}
        aria-controls="second-panel"
        onClick={() => setOpen(!open)}
      >
        {rule ? 'Change the second approver' : 'Name a second approver'}
      </button>
      <div id="second-panel" hidden={!open}>
        {open && (
          <form noValidate aria-labelledby="second-title" onSubmit={(event) => void submit(event)}>
            {field('name', 'Second approver’s name', 'Someone at your company who may also release orders.')}
            {field('email', 'Their email address', 'Their personal release link goes here.', 'email')}
            {field('jobTitle', 'Their job title', 'e.g. Head of operations.')}
            {field(
              'threshold',
              `Amount above which both must release (${view.currency.toUpperCase()})`,
              `This quote totals ${money(view.amountTotalMinor, view.currency)}.`,
            )}
            {serverError && (
              <p role="alert" className="field-error">
                {serverError}
              </p>
            )}
            <button type="submit" className="button button-secondary" disabled={form.formState.isSubmitting}>
              {form.formState.isSubmitting ? 'Saving…' : 'Save the second approver'}
            </button>
          </form>
        )}
      </div>
    </section>
  );
}
