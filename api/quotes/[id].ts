import { route } from '../../src/server/http/route.js';
import { bearerToken } from '../../src/server/http/request-meta.js';
import { findStaffSession, sessionToken } from '../../src/server/staff-auth/session.js';
import { getQuote } from '../../src/server/release/get-quote.js';

export default route({
  GET: async (req, res) => {
    const staff = await findStaffSession({ token: sessionToken(req) });
    res
      .status(200)
      .json(
        await getQuote({ quoteRevisionId: String(req.query.id), staffEmail: staff?.email, token: bearerToken(req) }),
      );
  },
});
