import { jsonBody, route } from '../../../src/server/http/route.js';
import { bearerToken, requestMeta } from '../../../src/server/http/request-meta.js';
import { acceptQuote } from '../../../src/server/release/accept-quote.js';

export default route({
  POST: async (req, res) => {
    const { httpStatus, result } = await acceptQuote({
      quoteId: String(req.query.id),
      token: bearerToken(req),
      body: jsonBody(req),
      meta: requestMeta(req),
    });
    res.status(httpStatus).json(result);
  },
});
