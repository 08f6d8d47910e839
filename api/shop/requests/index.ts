import { route } from '../../../src/server/http/route.js';
import { requireStaff } from '../../../src/server/staff-auth/session.js';
import { listInbox } from '../../../src/server/inbox/list-inbox.js';

export default route({
  GET: async (req, res) => {
    await requireStaff(req);
    res.status(200).json(await listInbox({ query: req.query }));
  },
});
