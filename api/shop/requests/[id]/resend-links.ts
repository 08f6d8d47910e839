import { jsonBody, route } from '../../../../src/server/http/route.js';
import { requestMeta } from '../../../../src/server/http/request-meta.js';
import { requireStaffAction } from '../../../../src/server/staff-auth/session.js';
import { resendLinks } from '../../../../src/server/inbox/resend-links.js';

export default route({
  POST: async (req, res) => {
    const staff = await requireStaffAction(req);
    const result = await resendLinks({
      requestId: String(req.query.id),
      staff,
      body: jsonBody(req),
      meta: requestMeta(req),
    });
    res.status(200).json(result);
  },
});
