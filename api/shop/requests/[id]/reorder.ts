import { requestMeta } from '../../../../src/server/http/request-meta.js';
import { jsonBody, route } from '../../../../src/server/http/route.js';
import { reorderRequest } from '../../../../src/server/intake/reorder-request.js';
import { requireStaffAction } from '../../../../src/server/staff-auth/session.js';

export default route({
  POST: async (req, res) => {
    const staff = await requireStaffAction(req);
    const { created, ...result } = await reorderRequest({
      requestId: String(req.query.id),
      by: { staff },
      body: jsonBody(req),
      meta: requestMeta(req),
    });
    res.status(created ? 201 : 200).json({ created, ...result });
  },
});
