import { jsonBody, route } from '../../src/server/http/route.js';
import { requestMeta } from '../../src/server/http/request-meta.js';
import { assertSameOrigin } from '../../src/server/staff-auth/session.js';
import { signInStaff } from '../../src/server/staff-auth/sign-in-staff.js';

export default route({
  POST: async (req, res) => {
    assertSameOrigin(req);
    res.status(202).json(await signInStaff({ body: jsonBody(req), meta: requestMeta(req) }));
  },
});
