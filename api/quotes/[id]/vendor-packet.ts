import { route } from '../../../src/server/http/route.js';
import { bearerToken } from '../../../src/server/http/request-meta.js';
import { findStaffSession, sessionToken } from '../../../src/server/staff-auth/session.js';
import { getVendorPacket } from '../../../src/server/release/get-vendor-packet.js';

export default route({
  GET: async (req, res) => {
    const staff = await findStaffSession({ token: sessionToken(req) });
    const zip = await getVendorPacket({
      quoteRevisionId: String(req.query.id),
      staffEmail: staff?.email,
      token: bearerToken(req),
    });
    res.setHeader('Content-Type', zip.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${zip.fileName}"`);
    res.setHeader('Content-Length', String(zip.bytes.length));
    res.setHeader('Cache-Control', 'private, no-store');
    res.status(200).end(Buffer.from(zip.bytes));
  },
});
