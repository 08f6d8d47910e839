/**
 * The local runtime's `waitUntil` (src/dev/wait-until.ts): work handed to `@vercel/functions`'
 * `waitUntil` after an answer is waited for when the runtime closes, as Vercel keeps a function alive
 * for it; a hung promise holds a shutdown no longer than the limit.
 */
import { waitUntil } from '@vercel/functions';
import { describe, expect, it } from 'vitest';
import { installWaitUntil, settleWaitUntil } from '../../src/dev/wait-until.js';

describe('waitUntil in the local runtime', () => {
  it('waits for the work handed over, failed or not, and not for a hung promise past the limit', async () => {
    installWaitUntil();
    const done: string[] = [];
    waitUntil(new Promise<void>((resolve) => setTimeout(() => (done.push('mail'), resolve()), 30)));
    waitUntil(new Promise<void>((_, reject) => setTimeout(() => (done.push('failed'), reject(new Error('x'))), 10)));
    await settleWaitUntil();
    expect(done.sort()).toEqual(['failed', 'mail']);

    // A promise that has not settled: the shutdown goes on after the limit (else this test would hang).
    let release = () => {};
    waitUntil(new Promise<void>((resolve) => (release = resolve)));
    await settleWaitUntil(50);
    release();
    await settleWaitUntil();
  });
});
