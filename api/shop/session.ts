import { jsonBody, route } from '../../src/server/http/route.js';
import { assertSameOrigin, findStaffSession, sessionToken } from '../../src/server/staff-auth/session.js';
import { createStaffSession } from '../../src/server/staff-auth/create-staff-session.js';
import { endStaffSession } from '../../src/server/staff-auth/end-staff-session.js';

export default route({
  // "Am I signed in?" is a question, not a failure: a page asks it before showing the sign-in form.
  GET: async (req, res) => {
    const staff = await findStaffSession({ token: sessionToken(req) });
    res
      .status(200)
      .json(
        staff ? { signedIn: true, email: staff.email, expiresAt: staff.expiresAt.toISOString() } : { signedIn: false },
      );
  },
  POST: async (req, res) => {
    assertSameOrigin(req);
    const { cookie, ...session } = await createStaffSession({ body: jsonBody(req) });
    res.setHeader('Set-Cookie', cookie);
    res.status(201).json(session);
  },
  DELETE: async (req, res) => {
    assertSameOrigin(req);
    res.setHeader('Set-Cookie', await endStaffSession({ token: sessionToken(req) }));
    res.status(204).end();
  },
});
