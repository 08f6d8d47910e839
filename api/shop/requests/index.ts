import { route } from '../../../src/server/http/route.js';
import { requireStaff } from '../../../src/server/shop/session.js';
import { listInbox } from '../../../src/server/use-cases/list-inbox.js';

export default route({
  GET: async (req, res) => {
    await requireStaff(req);
    res.status(200).json(await listInbox({ query: req.query }));
  },
});
