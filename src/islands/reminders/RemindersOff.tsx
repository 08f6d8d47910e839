/**
 * `/reminders/?id=…#token=…`: the link at the foot of a reminder email (architecture §14). Opening
 * it changes nothing (mail scanners follow links); the one button stops reminder emails about this
 * request for the person the link was mailed to.
 */
import { useRef, useState } from 'react';
import type { RemindersOffResult } from '../../domain/contracts/reminders-off.js';
import { apiFetch, ApiError } from '../lib/api.js';
import { readBrowserLinkToken } from '../lib/link-token.js';

type Step =
  { state: 'ready' } | { state: 'sending' } | { state: 'done'; message: string } | { state: 'failed'; message: string };

export default function RemindersOff() {
  const [token] = useState(() => readBrowserLinkToken('reminders'));
  const [requestId] = useState(() => new URLSearchParams(window.location.search).get('id') ?? '');
  const [step, setStep] = useState<Step>({ state: 'ready' });
  const outcome = useRef<HTMLParagraphElement>(null);

  if (!token || !requestId) {
    return (
      <div className="reminders-page">
        <h1>Stop reminders</h1>
        <p role="alert">This page needs the link from a reminder email. Open it from the email again.</p>
      </div>
    );
  }

  const stop = async () => {
    setStep({ state: 'sending' });
    try {
      const { data } = await apiFetch<RemindersOffResult>({
        path: `/api/requests/${encodeURIComponent(requestId)}/reminders-off`,
        method: 'POST',
        token,
        body: {},
      });
      setStep({ state: 'done', message: data.message });
    } catch (error) {
      const message = error instanceof ApiError ? error.message : 'Something went wrong. Try again in a minute.';
      setStep({ state: 'failed', message });
    }
    outcome.current?.focus();
  };

  return (
    <div className="reminders-page">
      <h1>Stop reminder emails</h1>
      <p>
        The portal reminds you when a request waits on you. Stop these reminders for this request only; you still get
        the emails about decisions, and the shop is still reminded of what it owes you.
      </p>
      {step.state === 'done' ? null : (
        <p>
          <button type="button" className="button" disabled={step.state === 'sending'} onClick={() => void stop()}>
            {step.state === 'sending' ? 'Stopping…' : 'Stop reminders for this request'}
          </button>
        </p>
      )}
      <p ref={outcome} tabIndex={-1} role={step.state === 'failed' ? 'alert' : 'status'}>
        {step.state === 'done' || step.state === 'failed' ? step.message : ''}
      </p>
    </div>
  );
}
