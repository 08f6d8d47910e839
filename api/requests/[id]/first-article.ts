import { jsonBody, route } from '../../../src/server/http/route.js';
import { bearerToken, requestMeta } from '../../../src/server/http/request-meta.js';
import { recordFirstArticle } from '../../../src/server/review/record-first-article.js';

export default route({
  POST: async (req, res) => {
    const result = await recordFirstArticle({
      requestId: String(req.query.id),
      token: bearerToken(req),
      body: jsonBody(req),
      meta: requestMeta(req),
    });
    res.status(result.repeated ? 200 : 201).json(result);
  },
});
