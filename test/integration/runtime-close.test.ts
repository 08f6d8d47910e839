/**
 * The local runtime's close() (src/dev/runtime.ts) with a request still running: the client has gone
 * (close cuts every connection) but the function runs to its end, as on Vercel, and only then is the
 * database closed. Otherwise the function would meet a closed database and open a new pool (left
 * behind in the process), whose connection the test server's dropped database then cuts (57P01), or
 * which finds the database already gone (3D000).
 */
import { request } from 'node:http';
import { expect, it } from 'vitest';
import { ALL_CLIENTS_KEY } from '../../src/server/files/reserve-upload-bytes.js';
import { captureLogs } from '../../src/server/log.js';
import { STEP_FILE } from '../support/intake.js';
import { probe } from '../support/probe.js';
import { startTestServer } from '../support/server.js';

/** Sends a STEP upload (the kernel takes about a second to load) and resolves once its body is sent. */
function sendStepUpload(url: string): Promise<void> {
  const boundary = 'runtime-close-boundary';
  const body = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bracket.step"\r\n` +
      `Content-Type: application/octet-stream\r\n\r\n${STEP_FILE}\r\n--${boundary}--\r\n`,
  );
  return new Promise((resolve, reject) => {
    const sent = request(`${url}/api/uploads`, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': body.length },
    });
    // The reply never comes: close() cuts the connection.
    sent.on('error', () => undefined);
    sent.end(body, () => resolve());
    sent.once('response', () => reject(new Error('the upload answered before the runtime closed')));
  });
}

it('close() lets a request whose client is gone finish before it closes the database', async () => {
  const server = await startTestServer();
  const captured = captureLogs();
  try {
    await sendStepUpload(server.url);
    // The function is running: it has reserved the upload's bytes and is measuring the file.
    await expect.poll(() => probe.rateLimitBucket(ALL_CLIENTS_KEY), { interval: 10 }).toBeDefined();
    await server.close();
  } finally {
    captured.restore();
  }
  // The upload was stored (its row written, then the note logged), and nothing met a closed database.
  expect(captured.lines.map((entry) => entry.line)).toEqual([
    expect.stringMatching(/^upload [0-9a-f-]{36} stored unmeasured \(step\): (unreadable|empty)$/),
  ]);
});
