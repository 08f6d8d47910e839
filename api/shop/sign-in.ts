import { jsonBody, route } from '../../src/server/http/route';
import { requestMeta } from '../../src/server/http/request-meta';
import { assertSameOrigin } from '../../src/server/shop/session';
import { signInStaff } from '../../src/server/use-cases/sign-in-staff';

export default route({
  POST: async (req, res) => {
    assertSameOrigin(req);
    res.status(202).json(await signInStaff({ body: jsonBody(req), meta: requestMeta(req) }));
  },
});
