import { jsonBody, route } from '../../../../src/server/http/route.js';
import { requestMeta } from '../../../../src/server/http/request-meta.js';
import { requireStaffAction } from '../../../../src/server/staff-auth/session.js';
import { recordLotShipped } from '../../../../src/server/production/record-lot-shipped.js';

export default route({
  POST: async (req, res) => {
    const staff = await requireStaffAction(req);
    const result = await recordLotShipped({
      requestId: String(req.query.id),
      staffEmail: staff.email,
      body: jsonBody(req),
      meta: requestMeta(req),
    });
    res.status(result.repeated ? 200 : 201).json(result);
  },
});
