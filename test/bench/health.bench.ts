/**
 * /api/health through the local runtime versus a bare node:http JSON handler, side by side in one
 * run (each in its own process, same load), and the runtime's cold start.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import os from 'node:os';
import { freePort } from '../support/postgres.js';
import { fmt, load, startProduct } from './support.js';

const BARE_SERVER = `
const http = require('node:http');
http.createServer((req, res) => {
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ ok: true, database: 'up' }));
}).listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\\n'));
`;

async function startBare(): Promise<{ url: string; stop(): void }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-e', BARE_SERVER], { env: { PORT: String(port) } });
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  return { url: `http://127.0.0.1:${port}/`, stop: () => child.kill() };
}

export async function run(report: (label: string, value: string) => void): Promise<void> {
  // First start on an empty data folder: PGlite runs initdb and the migrations.
  const first = await startProduct();
  report('cold start, first ever (empty DATA_DIR)', fmt.ms(first.coldStartMs));
  await first.stop();
  // Restart on the same folder: what a user sees every later time.
  const product = await startProduct({}, first.dataDir);
  report('cold start, restart (existing DATA_DIR)', fmt.ms(product.coldStartMs));
  const bare = await startBare();
  try {
    await load(`${product.url}/api/health`, { seconds: 2 }); // warm-up
    const portal = await load(`${product.url}/api/health`, { seconds: 8 });
    const baseline = await load(bare.url, { seconds: 8 });
    report(
      'GET /api/health (local runtime + PGlite ping)',
      `${fmt.rps(portal.requestsPerSecond)}, p99 ${fmt.ms(portal.p99Ms)}`,
    );
    report('bare node:http JSON handler', `${fmt.rps(baseline.requestsPerSecond)}, p99 ${fmt.ms(baseline.p99Ms)}`);
    report('throughput ratio (health / bare)', fmt.ratio(portal.requestsPerSecond / baseline.requestsPerSecond));
    report('errors / non-2xx (health)', `${portal.errors} / ${portal.non2xx}`);
    // Shared machines skew every figure above; the load says how much to trust them.
    const [one, five] = os.loadavg();
    report(
      'load average (1 / 5 min) at the end',
      `${one?.toFixed(1)} / ${five?.toFixed(1)} on ${os.cpus().length} cores`,
    );
  } finally {
    bare.stop();
    await product.stop();
    rmSync(product.dataDir, { recursive: true, force: true });
  }
}
