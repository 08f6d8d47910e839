import { jsonBody, route } from '../../../../src/server/http/route';
import { requestMeta } from '../../../../src/server/http/request-meta';
import { requireStaffAction } from '../../../../src/server/shop/session';
import { issueQuote } from '../../../../src/server/use-cases/issue-quote';

export default route({
  POST: async (req, res) => {
    const staff = await requireStaffAction(req);
    const quote = await issueQuote({
      requestId: String(req.query.id),
      staff,
      body: jsonBody(req),
      meta: requestMeta(req),
    });
    res.status(201).json(quote);
  },
});
