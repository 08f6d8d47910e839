/**
 * After a request is accepted, only the receipt: the reference, what each role receives next (the
 * links sent and where), and the status link. It is the page's heading now; forms.css hides the
 * page's own title and introduction while it shows. The shop's reply promise comes from its reminder
 * settings (architecture §14), the same promise the shop is reminded of.
 */
import type { CreateRequestResult } from '../../domain/contracts/intake.js';
import { useEffect, useRef } from 'react';
import { nextStepsByRole } from './review.js';
import { REMINDER_SETTINGS } from '../../domain/reminder-settings-schema.js';
import type { FormValues } from './values.js';

/** What `POST /api/requests` answered. */
export type SubmitResult = CreateRequestResult;

export type SuccessProps = { result: SubmitResult; values: FormValues; onNew: () => void };

export function Success({ result, values, onNew }: SuccessProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="form-success" aria-labelledby="success-title">
      <h1 id="success-title" ref={heading} tabIndex={-1}>
        Request {result.reference} received
      </h1>
      <p>
        Your reference is <strong className="reference">{result.reference}</strong>. Quote it when you contact the shop.
      </p>
      <p className="reply-promise">{REMINDER_SETTINGS.replyPromise}</p>
      <h2>What happens next</h2>
      <dl className="next-steps">
        {nextStepsByRole(values).map((row) => (
          <div key={row.label}>
            <dt>{row.label}</dt>
            <dd>{row.value}</dd>
          </div>
        ))}
      </dl>
      {result.statusUrl && (
        <p>
          <a className="button" href={result.statusUrl}>
            Follow the request on its status page
          </a>
        </p>
      )}
      <p className="meta">
        The status link works for anyone who has it; keep it to yourself. Both roles also get their own links by email.
      </p>
      <p>
        <button type="button" className="button-secondary" onClick={onNew}>
          Start another request
        </button>
      </p>
    </section>
  );
}
