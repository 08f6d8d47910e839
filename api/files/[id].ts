import { pipeline } from 'node:stream/promises';
import { route } from '../../src/server/http/route.js';
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
    await pipeline(file.body, res).catch((error: unknown) => {
      // The client went away mid-download (closed tab, aborted fetch): nothing to answer.
      if ((error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw error;
    });
  },
});
