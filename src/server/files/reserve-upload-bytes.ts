/**
 * The daily byte budgets of anonymous uploads: one per client address and one for all anonymous
 * uploads together (UPLOAD_DAILY_BYTES_PER_CLIENT, UPLOAD_DAILY_BYTES_TOTAL). Anyone can upload
 * before a request exists, and an unattached upload is kept for a day, so without them one address
 * could fill the bucket at the rate limit's pace. Checked after the file is read and before anything
 * is stored; a refused upload stores nothing.
 */
import { AppError } from '../../domain/errors.js';
import { getConfig } from '../config.js';
import { releaseDailyBytes, reserveDailyBytes } from '../rate-limit.js';
import { megabytes } from './read-multipart.js';

export interface ReserveUploadBytesOptions {
  /** The client address (`requestMeta(req).ip`). */
  ip: string;
  /** The upload's size as received. */
  bytes: number;
  /** The file's display name, for the message. */
  name: string;
  now?: Date;
}

/** The budget shared by every anonymous upload; `*` is no IP address. */
export const ALL_CLIENTS_KEY = 'upload-bytes:*';

/** Reserves the bytes in both budgets; returns what gives them back if the upload fails afterwards. */
export async function reserveUploadBytes({
  ip,
  bytes,
  name,
  now,
}: ReserveUploadBytesOptions): Promise<() => Promise<void>> {
  const [client, all] = uploadBudgets(ip);
  const reserved = await reserveDailyBytes({ budgets: [client, all], bytes, ...(now ? { now } : {}) });
  if (reserved.ok) return reserved.release;
  const { retryAfterSeconds } = reserved;
  const hours = Math.max(1, Math.ceil(retryAfterSeconds / 3600));
  const later = `in about ${hours} hour${hours === 1 ? '' : 's'}`;
  if (reserved.refused === client) {
    const limit = megabytes(client.limitBytes);
    throw new AppError(
      'RATE_LIMITED',
      `${name}: this file would take you past today's upload limit of ${limit}. Submit the request with the files already attached, or try again ${later}.`,
      { retryAfterSeconds, fields: { file: `${name} would pass today's upload limit of ${limit}.` } },
    );
  }
  throw new AppError(
    'UNAVAILABLE',
    `${name}: the portal has taken in as many files today as it can. Submit the request without this file, or try again ${later}.`,
    { retryAfterSeconds, fields: { file: `${name} could not be taken today; try again ${later}.` } },
  );
}

function uploadBudgets(ip: string) {
  const { dailyBytesPerClient, dailyBytesTotal } = getConfig().uploads;
  return [
    { key: `upload-bytes:${ip}`, limitBytes: dailyBytesPerClient },
    { key: ALL_CLIENTS_KEY, limitBytes: dailyBytesTotal },
  ] as const;
}

export interface ReleaseUploadBytesOptions {
  ip: string;
  bytes: number;
  /** When they were reserved: bytes go back to that day's budgets. */
  reservedAt: Date;
}

/** Gives back what `reserveUploadBytes` took for an upload that never became a file (aborted, refused). */
export async function releaseUploadBytes({ ip, bytes, reservedAt }: ReleaseUploadBytesOptions): Promise<void> {
  await releaseDailyBytes({ budgets: uploadBudgets(ip), bytes, now: reservedAt });
}
