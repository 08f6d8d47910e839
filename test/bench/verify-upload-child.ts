/**
 * Run by uploads.bench.ts in a process of its own (compiled to JavaScript first): verifies one stored object as
 * `completeMultipartUpload` does (architecture §15) and prints its outcome and the process's peak RSS.
 * Arguments: the DATA_DIR whose `uploads/` holds the object, its key, its size.
 */
import { parseConfig, setConfig } from '../../src/server/config.js';
import { verifyStoredUpload } from '../../src/server/files/verify-stored-upload.js';

const [dataDir = '', storageKey = '', size = '0'] = process.argv.slice(2);
setConfig(parseConfig({ DATA_DIR: dataDir }));
const loadedRssBytes = process.memoryUsage().rss;
const started = performance.now();
const verified = await verifyStoredUpload({ storageKey, name: 'big.stl', size: Number(size) });
const ms = performance.now() - started;
process.stdout.write(
  JSON.stringify({
    ms,
    loadedRssBytes,
    // resourceUsage reports kilobytes.
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    triangleCount: verified.measured.geometry?.triangleCount ?? null,
    reason: verified.measured.geometry === null ? verified.measured.reason : null,
  }),
);
