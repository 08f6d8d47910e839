/**
 * GET /api/quotes/:id/certificate: the release certificate of a released revision (architecture
 * §12), rendered from the facts stored when the release completed, so every download is the same
 * PDF with the same SHA-256. For the shop (session), and for the request's contacts through any of
 * their links for this request (release page and status page).
 */
import { AppError } from '../../domain/errors.js';
import { verifyLink } from '../links/index.js';
import { findRevision } from '../quotes/revisions.js';
import { isUuid } from '../requests/load-request.js';
import { certificateFileName, latestCertificate, loadCertificateRenderer } from './store-certificate.js';

export interface GetCertificateOptions {
  quoteRevisionId: string;
  staffEmail?: string | undefined;
  token?: string | undefined;
}

const NONE = 'This quote has no release certificate yet: it is issued once the order is released.';

export async function getCertificate(
  options: GetCertificateOptions,
): Promise<{ bytes: Uint8Array; sha256: string; fileName: string }> {
  const revision = isUuid(options.quoteRevisionId) ? await findRevision(options.quoteRevisionId) : undefined;
  if (!options.staffEmail) {
    const link = await verifyLink({ token: options.token, purposes: ['technical', 'purchasing', 'status'] });
    if (!revision || link.requestId !== revision.requestId) {
      throw new AppError('UNAUTHENTICATED', 'This link belongs to another request. Open the link from its email.');
    }
  }
  if (!revision) throw new AppError('NOT_FOUND', NONE);
  const input = (await latestCertificate(revision.id))?.input;
  if (!input) throw new AppError('NOT_FOUND', NONE);
  const { bytes, sha256 } = await (await loadCertificateRenderer()).renderReleaseCertificate(input);
  return { bytes, sha256, fileName: certificateFileName(input.request.reference, revision.revision) };
}
