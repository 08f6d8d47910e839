import type { IncomingMessage } from 'node:http';
import { route } from '../../src/server/http/route.js';
import { handleStripeWebhook } from '../../src/server/use-cases/handle-stripe-webhook.js';

/** The signature covers the exact bytes Stripe sent, so read the stream, never the parsed `req.body`. */
async function rawBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

export default route({
  POST: async (req, res) => {
    const signature = req.headers['stripe-signature'];
    const result = await handleStripeWebhook({
      rawBody: await rawBody(req),
      signature: Array.isArray(signature) ? signature[0] : signature,
    });
    res.status(200).json(result);
  },
});
