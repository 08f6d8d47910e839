import { route } from '../../../src/server/http/route';
import { requireStaff } from '../../../src/server/shop/session';
import { getShopRequest } from '../../../src/server/use-cases/get-shop-request';

export default route({
  GET: async (req, res) => {
    await requireStaff(req);
    res.status(200).json(await getShopRequest({ id: String(req.query.id) }));
  },
});
