import { jsonBody, route } from '../../../src/server/http/route.js';
import { bearerToken, requestMeta } from '../../../src/server/http/request-meta.js';
import { holdQuote } from '../../../src/server/release/hold-quote.js';

export default route({
  POST: async (req, res) => {
    const result = await holdQuote({
      quoteId: String(req.query.id),
      token: bearerToken(req),
      body: jsonBody(req),
      meta: requestMeta(req),
    });
    res.status(result.repeated ? 200 : 201).json(result);
  },
});
