/**
 * A throwaway PostgreSQL 15 server for the database suite: initdb in a temp folder, started on a free
 * port, stopped and removed afterwards. PostgreSQL refuses to run as root, so as root it runs as the
 * `postgres` system user.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { findBinary } from './binaries.js';

export const PG_CTL = findBinary('pg_ctl', ['/usr/lib/postgresql/15/bin/pg_ctl']);
export const INITDB = findBinary('initdb', ['/usr/lib/postgresql/15/bin/initdb']);

export interface PostgresServer {
  url: string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function run(binary: string, args: string[], asUser: string | undefined): void {
  const [command, argv] = asUser ? ['runuser', ['-u', asUser, '--', binary, ...args]] : [binary, args];
  const result = spawnSync(command, argv, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${binary} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
}

export async function startPostgres(): Promise<PostgresServer> {
  if (!PG_CTL || !INITDB) throw new Error('PostgreSQL binaries not found');
  const asUser = process.getuid?.() === 0 ? 'postgres' : undefined;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'portal-pg-'));
  chmodSync(dir, 0o777);
  const dataDir = path.join(dir, 'data');
  const port = await freePort();
  run(INITDB, ['-D', dataDir, '-U', 'portal', '--auth=trust', '-E', 'UTF8', '--no-sync'], asUser);
  run(
    PG_CTL,
    [
      '-D',
      dataDir,
      '-l',
      path.join(dir, 'log'),
      '-w',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      'start',
    ],
    asUser,
  );
  const url = `postgres://portal@127.0.0.1:${port}/postgres`;
  return {
    url,
    async stop() {
      try {
        run(PG_CTL, ['-D', dataDir, '-m', 'immediate', '-w', 'stop'], asUser);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export function postgresVersion(): string {
  return PG_CTL ? execFileSync(PG_CTL, ['--version'], { encoding: 'utf8' }).trim() : 'missing';
}
