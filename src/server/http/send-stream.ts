/**
 * Streams a download to the response. A client that went away before or during it (a closed tab, an
 * aborted fetch, a page that navigated on) is nobody to answer: that ends the download quietly,
 * anything else is the function's error.
 */
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const CLIENT_GONE = new Set(['ERR_STREAM_PREMATURE_CLOSE', 'ERR_STREAM_UNABLE_TO_PIPE']);

export async function sendStream(body: NodeJS.ReadableStream, res: Writable): Promise<void> {
  await pipeline(body, res).catch((error: unknown) => {
    if (!CLIENT_GONE.has(String((error as NodeJS.ErrnoException).code))) throw error;
  });
}
