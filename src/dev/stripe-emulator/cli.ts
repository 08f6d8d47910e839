/**
 * `npm run stripe:emulator`: the emulator on its own, on STRIPE_EMULATOR_PORT (default 12111),
 * with state in DATA_DIR/stripe-emulator.json and webhooks to the portal's endpoint.
 */
import path from 'node:path';
import { getConfig } from '../../server/config';
import { startStripeEmulator } from './index';

async function main(): Promise<void> {
  const config = getConfig();
  const apiKey = config.stripe.kind === 'emulator' ? config.stripe.secretKey : 'sk_test_emulator';
  const webhookUrl = `${config.siteUrl}/api/stripe/webhook`;
  const emulator = await startStripeEmulator({
    port: config.stripe.emulatorPort,
    stateFile: path.join(config.dataDir, 'stripe-emulator.json'),
    webhook: { url: webhookUrl, secret: config.stripe.kind === 'emulator' ? config.stripe.webhookSecret : 'whsec_emulator_local_signing_secret' },
    apiKey,
  });
  console.log(
    [
      '',
      `  Stripe emulator listening on ${emulator.url}`,
      `  API key   ${apiKey} (any sk_test_ key is accepted)`,
      `  Webhooks  ${webhookUrl} (signed with the configured whsec_ secret)`,
      `  State     ${path.join(config.dataDir, 'stripe-emulator.json')}`,
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
