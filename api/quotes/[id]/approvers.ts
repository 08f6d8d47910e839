import { jsonBody, route } from '../../../src/server/http/route.js';
import { bearerToken, requestMeta } from '../../../src/server/http/request-meta.js';
import { nameSecondApprover } from '../../../src/server/release/name-second-approver.js';

export default route({
  POST: async (req, res) => {
    const view = await nameSecondApprover({
      quoteId: String(req.query.id),
      token: bearerToken(req),
      body: jsonBody(req),
      meta: requestMeta(req),
    });
    res.status(200).json(view);
  },
});
