import type { VercelRequest } from '@vercel/node';
import { route } from '../../src/server/http/route.js';
import { reconcile } from '../../src/server/use-cases/reconcile.js';

// The secret may hold any characters, so it is read as is rather than through the link-token parser.
const secretOf = (req: VercelRequest) => /^Bearer\s+(\S+)$/.exec(String(req.headers.authorization ?? ''))?.[1];

/**
 * POST for any scheduler; GET because Vercel Cron calls with GET and `Authorization: Bearer
 * $CRON_SECRET` (set CRON_SECRET to the same value as RECONCILE_SECRET). Both need the secret.
 */
export default route({
  POST: async (req, res) => {
    res.status(200).json(await reconcile({ token: secretOf(req) }));
  },
  GET: async (req, res) => {
    res.status(200).json(await reconcile({ token: secretOf(req) }));
  },
});
