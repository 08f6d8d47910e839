import { readRawBody } from '../../src/server/http/raw-body.js';
import { route } from '../../src/server/http/route.js';
import { handleStripeWebhook } from '../../src/server/billing-sync/handle-stripe-webhook.js';

/** The signature covers the exact bytes Stripe sent, so the raw body is read, never the parsed `req.body`. */
export default route({
  POST: async (req, res) => {
    const signature = req.headers['stripe-signature'];
    const result = await handleStripeWebhook({
      rawBody: await readRawBody(req),
      signature: Array.isArray(signature) ? signature[0] : signature,
    });
    res.status(200).json(result);
  },
});
