/**
 * The release certificate as a stored file for the release mails (architecture §12). The release's
 * transaction only records the facts (`release_certificate_issued`) and a storage key, and queues the
 * mails with the certificate as a required attachment under that key; right after the commit the
 * worker that completed the release renders the PDF from the stored facts, exactly as
 * `GET /api/quotes/:id/certificate` does, and stores it once. The outbox holds those mails until the
 * file is there (§10), and a delivery retry reads the same stored bytes. Should the process stop
 * between the commit and the store, the reconciler's run stores it (`storePendingCertificates`).
 */
import { and, desc, eq, gte } from '../db/orm.js';
import type { ReleaseCertificateInput } from '../../domain/contracts/release-certificate.js';
import { getDb } from '../db/index.js';
import { events } from '../db/schema.js';
import type { EventRow } from '../db/event-log.js';
import { errorCode } from '../error-code.js';
import { logError } from '../log.js';
import { getStorage, STORAGE_KEY } from '../storage/index.js';

/**
 * The certificate renderer with pdf-lib and its fonts, loaded when a certificate is drawn: about half
 * a second of imports that the other routes of the same functions (the release, the scheduled job)
 * would otherwise pay on every cold start (docs/architecture.md §9).
 */
export const loadCertificateRenderer = () => import('./certificate.js');

/** The stored facts of a certificate, and the key its PDF is stored under (rows before mails carried it have none). */
export interface StoredCertificate {
  input: ReleaseCertificateInput;
  storageKey?: string | undefined;
}

/** The file name of a revision's certificate, for the download and the mail attachment alike. */
export function certificateFileName(reference: string, revision: number): string {
  return `release-certificate-${reference}-rev${revision}.pdf`;
}

function storedCertificateOf(row: EventRow | undefined): StoredCertificate | undefined {
  const payload = row?.payload as { input?: ReleaseCertificateInput; storageKey?: unknown } | undefined;
  if (!payload?.input) return undefined;
  const key =
    typeof payload.storageKey === 'string' && STORAGE_KEY.test(payload.storageKey) ? payload.storageKey : undefined;
  return { input: payload.input, storageKey: key };
}

/** The newest certificate issued for a revision, or undefined before its release completed. */
export async function latestCertificate(quoteRevisionId: string): Promise<StoredCertificate | undefined> {
  const [row] = await getDb()
    .select()
    .from(events)
    .where(and(eq(events.quoteRevisionId, quoteRevisionId), eq(events.type, 'release_certificate_issued')))
    .orderBy(desc(events.id))
    .limit(1);
  return storedCertificateOf(row);
}

export interface StoreReleaseCertificateOptions {
  quoteRevisionId: string;
}

/**
 * Renders and stores the revision's certificate under its key, once: an object already there is
 * the same bytes (the same facts render the same PDF) and is left alone. Never throws: a failure is
 * logged with its code and the reconciler stores it later, while the mails wait for it.
 */
export async function storeReleaseCertificate(
  options: StoreReleaseCertificateOptions,
): Promise<'stored' | 'present' | 'none' | 'failed'> {
  try {
    const certificate = await latestCertificate(options.quoteRevisionId);
    return certificate ? await storeOnce(certificate) : 'none';
  } catch (error) {
    logError(`certificate: revision ${options.quoteRevisionId} not stored: ${errorCode(error)}`);
    return 'failed';
  }
}

async function storeOnce(certificate: StoredCertificate): Promise<'stored' | 'present' | 'none'> {
  const key = certificate.storageKey;
  if (!key) return 'none';
  const storage = getStorage();
  const existing = await storage.get(key);
  if (existing) {
    existing.body.destroy();
    return 'present';
  }
  const { bytes } = await (await loadCertificateRenderer()).renderReleaseCertificate(certificate.input);
  await storage.put(key, Buffer.from(bytes), 'application/pdf');
  return 'stored';
}

export interface StorePendingCertificatesOptions {
  now?: Date;
  /** Certificates issued this long ago or less are checked; the outbox gives up on a mail within a day. */
  withinMs?: number;
  limit?: number;
}

/** The reconciler's part: stores each recent certificate whose file is missing; returns how many it stored. */
export async function storePendingCertificates(options: StorePendingCertificatesOptions = {}): Promise<number> {
  const now = options.now ?? new Date();
  const since = new Date(now.getTime() - (options.withinMs ?? 24 * 60 * 60 * 1000));
  const rows = await getDb()
    .select()
    .from(events)
    .where(and(eq(events.type, 'release_certificate_issued'), gte(events.createdAt, since)))
    .orderBy(desc(events.id))
    .limit(options.limit ?? 100);
  let stored = 0;
  for (const row of rows) {
    const certificate = storedCertificateOf(row);
    if (!certificate) continue;
    try {
      if ((await storeOnce(certificate)) === 'stored') stored += 1;
    } catch (error) {
      logError(`certificate: event ${row.id} not stored: ${errorCode(error)}`);
    }
  }
  return stored;
}
