/**
 * `npm run stripe:smoke` with no Stripe key configured starts its own emulator and walks the
 * purchasing release happy path; it must pass.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

describe('npm run stripe:smoke', () => {
  it('passes against its own emulator when no key is configured', async () => {
    const env = { ...process.env, STRIPE_SECRET_KEY: '', STRIPE_WEBHOOK_SECRET: '' };
    const { stdout } = await run(path.join(root, 'node_modules/.bin/tsx'), ['src/dev/stripe-emulator/smoke.ts'], {
      cwd: root,
      env,
      timeout: 60_000,
    });
    expect(stdout).toContain('local Stripe emulator');
    expect(stdout).toMatch(/✓ quote finalized\s+QT-[0-9A-F]{8}-0001 \(open\)/);
    expect(stdout).toMatch(/✓ invoice PO \+ budget\s+PO number=PO-smoke-/);
    expect(stdout).toContain('✓ invoice sent           open');
    expect(stdout.trim().endsWith('Smoke test passed.')).toBe(true);
  });
});
