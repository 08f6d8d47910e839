import { route } from '../src/server/http/route.js';
import { getHealth } from '../src/server/health/get-health.js';

export default route({
  GET: async (_req, res) => {
    const health = await getHealth();
    res.status(health.ok ? 200 : 503).json(health);
  },
});
