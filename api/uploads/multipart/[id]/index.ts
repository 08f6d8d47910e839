import { route } from '../../../../src/server/http/route.js';
import { abortMultipartUpload } from '../../../../src/server/files/abort-multipart-upload.js';

export default route({
  DELETE: async (req, res) => {
    await abortMultipartUpload({ id: String(req.query.id) });
    res.status(204).end();
  },
});
