import { jsonBody, route } from '../../../../src/server/http/route.js';
import { requestMeta } from '../../../../src/server/http/request-meta.js';
import { requireStaffAction } from '../../../../src/server/staff-auth/session.js';
import { sendEstimate } from '../../../../src/server/quotes/send-estimate.js';

export default route({
  POST: async (req, res) => {
    const staff = await requireStaffAction(req);
    const result = await sendEstimate({
      requestId: String(req.query.id),
      staff,
      body: jsonBody(req),
      meta: requestMeta(req),
    });
    res.status(201).json(result);
  },
});
