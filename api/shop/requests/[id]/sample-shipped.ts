import { sampleShippedSchema } from '../../../../src/domain/review-schema.js';
import { parseOrThrow } from '../../../../src/domain/request-schema.js';
import { jsonBody, route } from '../../../../src/server/http/route.js';
import { requestMeta } from '../../../../src/server/http/request-meta.js';
import { requireStaffAction } from '../../../../src/server/staff-auth/session.js';
import { recordSampleShipped } from '../../../../src/server/review/record-sample-shipped.js';

export default route({
  POST: async (req, res) => {
    const staff = await requireStaffAction(req);
    const shipment = parseOrThrow(sampleShippedSchema, jsonBody(req));
    const result = await recordSampleShipped({
      requestId: String(req.query.id),
      staffEmail: staff.email,
      ...shipment,
      meta: requestMeta(req),
    });
    res.status(201).json(result);
  },
});
