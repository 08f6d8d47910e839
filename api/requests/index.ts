import { jsonBody, route } from '../../src/server/http/route.js';
import { requestMeta } from '../../src/server/http/request-meta.js';
import { createRequest } from '../../src/server/intake/create-request.js';

export default route({
  POST: async (req, res) => {
    const { created, ...result } = await createRequest({ body: jsonBody(req), meta: requestMeta(req) });
    res.status(created ? 201 : 200).json(result);
  },
});
