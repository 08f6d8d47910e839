import { route } from '../../../src/server/http/route.js';
import { sendStream } from '../../../src/server/http/send-stream.js';
import { bearerToken } from '../../../src/server/http/request-meta.js';
import { findStaffSession, sessionToken } from '../../../src/server/staff-auth/session.js';
import { getQuotePdf } from '../../../src/server/release/get-quote-pdf.js';

export default route({
  GET: async (req, res) => {
    const staff = await findStaffSession({ token: sessionToken(req) });
    const pdf = await getQuotePdf({
      quoteRevisionId: String(req.query.id),
      staffEmail: staff?.email,
      token: bearerToken(req),
    });
    res.setHeader('Content-Type', pdf.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${pdf.fileName}"`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.status(200);
    await sendStream(pdf.stream, res);
  },
});
