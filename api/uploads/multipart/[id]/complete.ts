import { jsonBody, route } from '../../../../src/server/http/route.js';
import { completeMultipartUpload } from '../../../../src/server/files/complete-multipart-upload.js';

export default route({
  POST: async (req, res) => {
    res.status(201).json(await completeMultipartUpload({ id: String(req.query.id), body: jsonBody(req), req }));
  },
});
