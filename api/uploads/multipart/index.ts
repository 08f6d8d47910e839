import { jsonBody, route } from '../../../src/server/http/route.js';
import { startMultipartUpload } from '../../../src/server/files/start-multipart-upload.js';

export default route({
  POST: async (req, res) => {
    res.status(201).json(await startMultipartUpload({ req, body: jsonBody(req) }));
  },
});
