import { jsonBody, route } from '../../../../src/server/http/route.js';
import { getUploadParts } from '../../../../src/server/files/get-upload-parts.js';

export default route({
  POST: async (req, res) => {
    res.status(200).json(await getUploadParts({ id: String(req.query.id), body: jsonBody(req) }));
  },
});
