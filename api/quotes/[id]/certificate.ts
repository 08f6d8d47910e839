import { route } from '../../../src/server/http/route.js';
import { bearerToken } from '../../../src/server/http/request-meta.js';
import { findStaffSession, sessionToken } from '../../../src/server/staff-auth/session.js';
import { getCertificate } from '../../../src/server/release/get-certificate.js';

export default route({
  GET: async (req, res) => {
    const staff = await findStaffSession({ token: sessionToken(req) });
    const pdf = await getCertificate({
      quoteRevisionId: String(req.query.id),
      staffEmail: staff?.email,
      token: bearerToken(req),
    });
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename="${pdf.fileName}"`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('X-Content-SHA256', pdf.sha256);
    res.status(200).end(Buffer.from(pdf.bytes));
  },
});
