import { jsonBody, route } from '../../../src/server/http/route';
import { bearerToken, requestMeta } from '../../../src/server/http/request-meta';
import { declineQuote } from '../../../src/server/use-cases/decline-quote';

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
