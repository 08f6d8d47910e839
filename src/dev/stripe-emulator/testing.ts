/**
 * For tests: an emulator on a free port with the adapter pointed at it (the rest of the
 * configuration is kept). Webhooks retry fast so failure paths finish within a test.
 */
import { getConfig, setConfig } from '../../server/config.js';
import { startStripeEmulator, type StartStripeEmulatorOptions, type StripeEmulator } from './index.js';

export async function startStripeEmulatorForTests(
  options: Partial<StartStripeEmulatorOptions> = {},
): Promise<StripeEmulator> {
  const emulator = await startStripeEmulator({ port: 0, ...options });
  emulator.webhooks.configure({ retryDelaysMs: [50, 100, 200] });
  const config = getConfig();
  setConfig({
    ...config,
    stripe: {
      kind: 'emulator',
      secretKey: options.apiKey ?? 'sk_test_emulator',
      webhookSecret: options.webhook?.secret ?? config.stripe.webhookSecret,
      emulatorPort: emulator.port,
    },
  });
  return emulator;
}
