/**
 * A person's email address as every form asks for it: trimmed, required, and when it is not an
 * address, a message that says how to fix it.
 */
import { z } from 'zod/mini';
import { acceptableText } from './text.js';

/** A required email address for a person in `role` ("the approver's email address"). */
export function emailField(role: string) {
  const label = `the ${role}'s email address`;
  const required = `Enter the ${role}'s email address; it is required.`;
  return z.string({ error: required }).check(
    z.trim(),
    acceptableText(label, 'single-line'),
    z.minLength(1, required),
    z.maxLength(254, `Shorten ${label} to 254 characters or fewer.`),
    z.superRefine((value, ctx) => {
      if (value !== '' && !z.regexes.email.test(value)) {
        ctx.addIssue({ code: 'custom', message: emailProblem(value), input: value });
      }
    }),
  );
}

/**
 * What is wrong with a typed address that is not an email, in words that say how to fix it: an
 * address without a proper domain ("ada@acme") asks for the full address, with the person's own
 * name and domain in the example where they typed them.
 */
export function emailProblem(value: string): string {
  const at = value.lastIndexOf('@');
  if (at === -1) return 'Enter the full address with an @, e.g. ada@acme.com.';
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  const plain = (text: string) => /^[A-Za-z0-9._-]+$/.test(text);
  if (domain === '' || !domain.includes('.') || domain.endsWith('.')) {
    const example =
      plain(local) && plain(domain.replace(/\.$/, '')) && domain !== ''
        ? `${local}@${domain.replace(/\.$/, '')}.com`
        : 'ada@acme.com';
    return `Enter the full address, e.g. ${example}.`;
  }
  return 'Check the address: it should look like ada@acme.com, with no spaces.';
}
