import { route } from '../../src/server/http/route.js';
import { sendStream } from '../../src/server/http/send-stream.js';
import { bearerToken } from '../../src/server/http/request-meta.js';
import { contentDisposition, getFile } from '../../src/server/files/get-file.js';

export default route({
  GET: async (req, res) => {
    const file = await getFile({ id: String(req.query.id), token: bearerToken(req) });
    res.setHeader('Content-Type', file.contentType);
    if (file.size) res.setHeader('Content-Length', String(file.size));
    res.setHeader('Content-Disposition', contentDisposition(file.kind, file.name));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'private, no-store');
    res.status(200);
    await sendStream(file.body, res);
  },
});
