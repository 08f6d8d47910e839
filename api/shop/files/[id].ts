import { route } from '../../../src/server/http/route.js';
import { sendStream } from '../../../src/server/http/send-stream.js';
import { requireStaff } from '../../../src/server/staff-auth/session.js';
import { contentDisposition } from '../../../src/server/files/get-file.js';
import { getShopFile } from '../../../src/server/files/get-shop-file.js';

export default route({
  GET: async (req, res) => {
    await requireStaff(req);
    const file = await getShopFile({ id: String(req.query.id) });
    res.setHeader('Content-Type', file.contentType);
    if (file.size) res.setHeader('Content-Length', String(file.size));
    res.setHeader('Content-Disposition', contentDisposition(file.kind, file.name));
    res.setHeader('Cache-Control', 'private, no-store');
    res.status(200);
    await sendStream(file.body, res);
  },
});
