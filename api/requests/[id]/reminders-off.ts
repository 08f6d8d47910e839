import { route } from '../../../src/server/http/route.js';
import { bearerToken, requestMeta } from '../../../src/server/http/request-meta.js';
import { stopReminders } from '../../../src/server/reminders/stop-reminders.js';

export default route({
  POST: async (req, res) => {
    const result = await stopReminders({
      requestId: String(req.query.id),
      token: bearerToken(req),
      meta: requestMeta(req),
    });
    res.status(result.repeated ? 200 : 201).json(result);
  },
});
