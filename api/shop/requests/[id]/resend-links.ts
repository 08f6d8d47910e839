import { jsonBody, route } from '../../../../src/server/http/route';
import { requestMeta } from '../../../../src/server/http/request-meta';
import { requireStaffAction } from '../../../../src/server/shop/session';
import { resendLinks } from '../../../../src/server/use-cases/resend-links';

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
