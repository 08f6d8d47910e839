/**
 * GET /api/requests/:id: the request as the link's role may see it. The link is checked before the
 * request is looked up, so an unknown token learns nothing about which ids exist.
 */
import { AppError } from '../../domain/errors.js';
import { verifyLink } from '../links/index.js';
import { isUuid, loadRequest } from '../requests/load-request.js';
import { requestView, type RequestView, type ViewerRole } from '../requests/request-view.js';

export interface GetRequestOptions {
  id: string;
  token: string | undefined;
}

const VIEWER_PURPOSES = ['technical', 'purchasing', 'status'] as const;

export async function getRequest({ id, token }: GetRequestOptions): Promise<RequestView> {
  const link = await verifyLink({ token, purposes: VIEWER_PURPOSES });
  if (!isUuid(id))
    throw new AppError('NOT_FOUND', 'There is no request at this address. Check the link in your email.');
  if (link.requestId !== id) {
    throw new AppError(
      'UNAUTHENTICATED',
      'This link belongs to another request. Open the link from the email about this one.',
    );
  }
  const loaded = await loadRequest({ id });
  if (!loaded) throw new AppError('NOT_FOUND', 'There is no request at this address. Check the link in your email.');
  return requestView({ loaded, viewerRole: link.purpose as ViewerRole });
}
