import { route } from '../../../src/server/http/route.js';
import { sendStream } from '../../../src/server/http/send-stream.js';
import { bearerToken, requestMeta } from '../../../src/server/http/request-meta.js';
import { findStaffSession, sessionToken } from '../../../src/server/staff-auth/session.js';
import { attachPoDocument } from '../../../src/server/release/attach-po-document.js';
import { getPoDocument } from '../../../src/server/release/get-po-document.js';

export default route({
  GET: async (req, res) => {
    const staff = await findStaffSession({ token: sessionToken(req) });
    const pdf = await getPoDocument({
      quoteRevisionId: String(req.query.id),
      staffEmail: staff?.email,
      token: bearerToken(req),
    });
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename="${encodeURIComponent(pdf.fileName)}"`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.status(200);
    await sendStream(pdf.stream, res);
  },
  POST: async (req, res) => {
    const attached = await attachPoDocument({
      quoteId: String(req.query.id),
      token: bearerToken(req),
      req,
      meta: requestMeta(req),
    });
    res.status(201).json(attached);
  },
});
