import { jsonBody, route } from '../../../src/server/http/route.js';
import { bearerToken, requestMeta } from '../../../src/server/http/request-meta.js';
import { declineQuote } from '../../../src/server/release/decline-quote.js';

export default route({
  POST: async (req, res) => {
    const result = await declineQuote({
      quoteId: String(req.query.id),
      token: bearerToken(req),
      body: jsonBody(req),
      meta: requestMeta(req),
    });
    res.status(result.repeated ? 200 : 201).json(result);
  },
});
