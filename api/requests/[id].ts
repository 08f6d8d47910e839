import { route } from '../../src/server/http/route.js';
import { bearerToken } from '../../src/server/http/request-meta.js';
import { getRequest } from '../../src/server/status/get-request.js';

export default route({
  GET: async (req, res) => {
    res.status(200).json(await getRequest({ id: String(req.query.id), token: bearerToken(req) }));
  },
});
