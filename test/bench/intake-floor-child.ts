/**
 * Run by intake.bench.ts in a process of its own, as `npm start` runs the sources: on embedded PGlite,
 * one new request at a time, without HTTP, what the intake's parts cost on the one thread PGlite
 * shares with everything else. The validation and the one database call (`storeRequest`, its three
 * mails written to the outbox but not built), then the delivery of those mails (MIME building, the
 * .eml files, marking them delivered). Prints milliseconds per request as JSON.
 * Arguments: an empty DATA_DIR.
 */
import path from 'node:path';
import { parseConfig, setConfig } from '../../src/server/config.js';
import { getDatabase, loadEmbeddedDriver, prepareEmbeddedDatabase } from '../../src/server/db/index.js';
import { createRequestSchema, parseOrThrow, serverToday } from '../../src/domain/request-schema.js';
import { storeRequest, type Stored } from '../../src/server/intake/store-request.js';
import { deliverClaimed } from '../../src/server/mail/outbox.js';
import { rateLimitCharge } from '../../src/server/rate-limit.js';
import { validRequest } from '../support/intake.js';

const WARM_UP = 200;
const MEASURED = 600;

const [dataDir = ''] = process.argv.slice(2);
setConfig(parseConfig({ DATA_DIR: dataDir, RATE_LIMIT_PER_MINUTE: '100000000' }));
await loadEmbeddedDriver();
await prepareEmbeddedDatabase(path.join(dataDir, 'db'));
await getDatabase().migrate();

const meta = { ip: '192.0.2.1', userAgent: 'bench' } as const;

async function store(now: Date): Promise<Stored> {
  const input = parseOrThrow(createRequestSchema({ today: serverToday(now) }), validRequest());
  const charge = rateLimitCharge({ endpoint: 'requests', ip: meta.ip, now });
  const outcome = await storeRequest({ input, meta, now, charge });
  if (!('stored' in outcome)) throw new Error('a new draft was not stored');
  return outcome.stored;
}

let storeMs = 0;
let deliverMs = 0;
for (let i = 0; i < WARM_UP + MEASURED; i++) {
  const now = new Date();
  const started = performance.now();
  const stored = await store(now);
  const storedAt = performance.now();
  const report = await deliverClaimed({ rows: stored.mails, now });
  if (report.delivered !== stored.mails.length) throw new Error('a mail was not delivered');
  if (i >= WARM_UP) {
    storeMs += storedAt - started;
    deliverMs += performance.now() - storedAt;
  }
}
await getDatabase().close();
process.stdout.write(JSON.stringify({ storeMs: storeMs / MEASURED, deliverMs: deliverMs / MEASURED }));
