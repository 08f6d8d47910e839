import { jsonBody, route } from '../../../../src/server/http/route.js';
import { requestMeta } from '../../../../src/server/http/request-meta.js';
import { requireStaffAction } from '../../../../src/server/staff-auth/session.js';
import { reviseQuote } from '../../../../src/server/quotes/revise-quote.js';

export default route({
  POST: async (req, res) => {
    const staff = await requireStaffAction(req);
    const quote = await reviseQuote({
      quoteRevisionId: String(req.query.id),
      staff,
      body: jsonBody(req),
      meta: requestMeta(req),
    });
    res.status(201).json(quote);
  },
});
