/**
 * `npm run stripe:emulator`: the emulator on its own, on STRIPE_EMULATOR_PORT (default 12111),
 * with state in DATA_DIR/stripe-emulator.json and webhooks to the portal's endpoint.
 * `--memory` keeps no state file; `--no-webhooks` delivers nothing (benchmarks use both).
 */
import path from 'node:path';
import { getConfig } from '../../server/config.js';
import { startStripeEmulator } from './index.js';

async function main(): Promise<void> {
  const config = getConfig();
  const apiKey = config.stripe.kind === 'emulator' ? config.stripe.secretKey : 'sk_test_emulator';
  const webhookUrl = `${config.siteUrl}/api/stripe/webhook`;
  const stateFile = process.argv.includes('--memory') ? undefined : path.join(config.dataDir, 'stripe-emulator.json');
  const secret =
    config.stripe.kind === 'emulator' ? config.stripe.webhookSecret : 'whsec_emulator_local_signing_secret';
  const emulator = await startStripeEmulator({
    port: config.stripe.emulatorPort,
    ...(stateFile ? { stateFile } : {}),
    ...(process.argv.includes('--no-webhooks') ? {} : { webhook: { url: webhookUrl, secret } }),
    apiKey,
  });
  console.log(
    [
      '',
      `  Stripe emulator listening on ${emulator.url}`,
      `  API key   ${apiKey} (any sk_test_ key is accepted)`,
      `  Webhooks  ${emulator.webhooks.endpoint ? `${webhookUrl} (signed with the configured whsec_ secret)` : 'off'}`,
      `  State     ${stateFile ?? 'memory only'}`,
      `  Invoices  ${emulator.url}/_emulator/invoices/<in_…> has a "Pay this invoice" button`,
      '',
    ].join('\n'),
  );
  const stop = () => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
