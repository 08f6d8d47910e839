import { sampleShippedSchema } from '../../../../src/domain/review-schema';
import { parseOrThrow } from '../../../../src/domain/request-schema';
import { jsonBody, route } from '../../../../src/server/http/route';
import { requestMeta } from '../../../../src/server/http/request-meta';
import { requireStaffAction } from '../../../../src/server/shop/session';
import { recordSampleShipped } from '../../../../src/server/use-cases/record-sample-shipped';

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
