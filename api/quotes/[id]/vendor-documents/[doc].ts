import { route } from '../../../../src/server/http/route.js';
import { bearerToken } from '../../../../src/server/http/request-meta.js';
import { findStaffSession, sessionToken } from '../../../../src/server/staff-auth/session.js';
import { getVendorDocument } from '../../../../src/server/release/get-vendor-document.js';

export default route({
  GET: async (req, res) => {
    const staff = await findStaffSession({ token: sessionToken(req) });
    const file = await getVendorDocument({
      quoteRevisionId: String(req.query.id),
      documentId: String(req.query.doc),
      staffEmail: staff?.email,
      token: bearerToken(req),
    });
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`);
    res.setHeader('Content-Length', String(file.bytes.length));
    res.setHeader('Cache-Control', 'private, no-store');
    res.status(200).end(Buffer.from(file.bytes));
  },
});
