import { route } from '../../../src/server/http/route.js';
import { requireStaff } from '../../../src/server/staff-auth/session.js';
import { getShopRequest } from '../../../src/server/inbox/get-shop-request.js';

export default route({
  GET: async (req, res) => {
    await requireStaff(req);
    res.status(200).json(await getShopRequest({ id: String(req.query.id) }));
  },
});
