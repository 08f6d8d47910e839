import type { VercelRequest } from '@vercel/node';
import { route, type MethodHandler } from '../../src/server/http/route.js';
import { reconcile } from '../../src/server/billing-sync/reconcile.js';

// The secret may hold any characters, so it is read as is rather than through the link-token parser.
const secretOf = (req: VercelRequest) => /^Bearer\s+(\S+)$/.exec(String(req.headers.authorization ?? ''))?.[1];

const run: MethodHandler = async (req, res) => {
  res.status(200).json(await reconcile({ token: secretOf(req) }));
};

/**
 * GET because Vercel Cron calls with GET and `Authorization: Bearer $CRON_SECRET`; POST for any
 * other scheduler, with RECONCILE_SECRET. Either secret is accepted by either method.
 */
export default route({ GET: run, POST: run });
