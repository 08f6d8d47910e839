/**
 * The request body exactly as sent (webhook signatures cover these bytes). Vercel's Node helpers
 * read the stream before the function runs and replay the body only to 'data'/'end' listeners
 * (and `read()`), not to `pipe()` or async iteration, so it is read through those listeners; the
 * local runtime replays it the same way (architecture §4).
 */
import type { IncomingMessage } from 'node:http';

export function readRawBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer | string) => chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
