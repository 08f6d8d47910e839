import { jsonBody, route } from '../../../../src/server/http/route.js';
import { requestMeta } from '../../../../src/server/http/request-meta.js';
import { requireStaffAction } from '../../../../src/server/staff-auth/session.js';
import { cancelQuote } from '../../../../src/server/quotes/cancel-quote.js';

export default route({
  POST: async (req, res) => {
    const staff = await requireStaffAction(req);
    const quote = await cancelQuote({
      quoteRevisionId: String(req.query.id),
      staff,
      body: jsonBody(req),
      meta: requestMeta(req),
    });
    res.status(200).json(quote);
  },
});
