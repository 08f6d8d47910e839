/**
 * The database suite, run twice: on embedded PGlite and on a real PostgreSQL 15 server (an empty
 * database of its own on the run's shared server, or a server started for this file without one).
 * Migrations, the append-only event log, and signed links all run on both.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, inArray, sql } from '../../src/server/db/orm.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, setConfig } from '../../src/server/config.js';
import {
  closeDatabase,
  DatabaseError,
  getDatabase,
  getDb,
  loadEmbeddedDriver,
  openDatabase,
} from '../../src/server/db/index.js';
import { events, linkTokens, quoteRevisions, rateLimitBuckets, requests } from '../../src/server/db/schema.js';
import { hashToken, issueLink, markLinkUsed, revokeLinks, verifyLink } from '../../src/server/links/index.js';
import { reserveDailyBytes } from '../../src/server/rate-limit.js';
import { requireBinary } from '../support/binaries.js';
import { seedDatabase } from '../support/db-template.js';
import { freePort, INITDB, PG_CTL, postgresForTest, type PostgresServer } from '../support/postgres.js';

const postgresAvailable = requireBinary(
  'PostgreSQL database suite',
  PG_CTL && INITDB,
  'initdb/pg_ctl not found (install PostgreSQL 15 server binaries)',
);

interface Backend {
  name: string;
  available: boolean;
  setup(): Promise<Record<string, string>>;
  teardown(): Promise<void>;
}

let pgServer: PostgresServer | undefined;
let tempDir: string | undefined;

const backends: Backend[] = [
  {
    name: 'PGlite',
    available: true,
    async setup() {
      tempDir = mkdtempSync(path.join(os.tmpdir(), 'portal-db-'));
      seedDatabase(tempDir);
      return { DATA_DIR: tempDir };
    },
    async teardown() {
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    },
  },
  {
    name: 'PostgreSQL server',
    available: postgresAvailable,
    async setup() {
      // An empty database (on the run's shared server when there is one): the migrations are under test.
      pgServer = await postgresForTest({ migrated: false });
      return { DATABASE_URL: pgServer.url };
    },
    async teardown() {
      await pgServer?.stop();
    },
  },
];

const requestRow = () => ({
  reference: `PF-TEST-${Math.random().toString(36).slice(2, 10)}`,
  clientDraftId: crypto.randomUUID(),
  mode: 'production' as const,
  details: { part: { name: 'Bracket' } },
});

async function insertRequest(): Promise<string> {
  const [row] = await getDb().insert(requests).values(requestRow()).returning({ id: requests.id });
  return row!.id;
}

async function insertRevision(requestId: string, revision: number): Promise<string> {
  const [row] = await getDb()
    .insert(quoteRevisions)
    .values({
      requestId,
      revision,
      scope: 'opening_lot',
      quantity: 50,
      status: 'open',
      currency: 'eur',
      amountTotalMinor: 125_000,
      lines: [],
      terms: {},
      expiresAt: new Date(Date.now() + 14 * 86_400_000),
    })
    .returning({ id: quoteRevisions.id });
  return row!.id;
}

describe.each(backends)('database on $name', (backend) => {
  describe.skipIf(!backend.available)('suite', () => {
    beforeAll(async () => {
      const env = await backend.setup();
      setConfig(parseConfig(env));
      await loadEmbeddedDriver();
      await getDatabase().migrate();
    });

    afterAll(async () => {
      await closeDatabase();
      await backend.teardown();
    });

    it('applies migrations idempotently, and then none is pending', async () => {
      await getDatabase().migrate();
      expect(await getDatabase().pendingMigrations()).toBe(0);
      const [row] = await getDb()
        .select({ n: sql<number>`count(*)::int` })
        .from(sql`information_schema.tables`)
        .where(sql`table_name = 'events'`);
      expect(row).toEqual({ n: 1 });
    });

    it('keeps the event log append-only: UPDATE and DELETE are refused', async () => {
      const requestId = await insertRequest();
      await getDb().insert(events).values({ requestId, type: 'request_submitted', role: 'technical' });
      await expect(
        getDb().update(events).set({ type: 'tampered' }).where(eq(events.requestId, requestId)),
      ).rejects.toThrow();
      await expect(getDb().delete(events).where(eq(events.requestId, requestId))).rejects.toThrow();
      const rows = await getDb().select().from(events).where(eq(events.requestId, requestId));
      expect(rows.map((row) => row.type)).toEqual(['request_submitted']);
    });

    it('rolls a failed transaction back completely', async () => {
      const draft = crypto.randomUUID();
      await expect(
        getDb().transaction(async (tx) => {
          await tx.insert(requests).values({
            reference: `PF-TX-${draft.slice(0, 8)}`,
            clientDraftId: draft,
            mode: 'sample',
            details: {},
          });
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await getDb().select().from(requests).where(eq(requests.clientDraftId, draft))).toEqual([]);
    });

    describe('signed links', () => {
      it('stores only the hash and verifies the token for its purpose and request', async () => {
        const requestId = await insertRequest();
        const link = await issueLink({ purpose: 'technical', recipientEmail: 'Eng@Example.com', requestId });
        expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
        expect(link.url).toMatch(/\/review\/#token=/);
        const [stored] = await getDb().select().from(linkTokens).where(eq(linkTokens.id, link.id));
        expect(stored!.tokenHash).toBe(hashToken(link.token));
        expect(JSON.stringify(stored)).not.toContain(link.token);
        expect(stored!.recipientEmail).toBe('eng@example.com');
        const verified = await verifyLink({ token: link.token, purposes: ['technical'], requestId });
        expect(verified.id).toBe(link.id);
      });

      it.each([
        ['missing', undefined, 'UNAUTHENTICATED'],
        ['tampered', 'tamper', 'UNAUTHENTICATED'],
      ])('refuses a %s token', async (_label, kind, code) => {
        const requestId = await insertRequest();
        const link = await issueLink({ purpose: 'technical', recipientEmail: 'a@example.com', requestId });
        const token =
          kind === 'tamper' ? `${link.token.slice(0, -1)}${link.token.endsWith('A') ? 'B' : 'A'}` : undefined;
        await expect(verifyLink({ token, purposes: ['technical'], requestId })).rejects.toMatchObject({ code });
      });

      it('refuses an expired token', async () => {
        const requestId = await insertRequest();
        const past = new Date(Date.now() - 90 * 86_400_000);
        const link = await issueLink({
          purpose: 'status',
          recipientEmail: 'a@example.com',
          requestId,
          now: past,
          notAfter: new Date(past.getTime() + 1000),
        });
        await expect(verifyLink({ token: link.token, purposes: ['status'], requestId })).rejects.toMatchObject({
          code: 'LINK_EXPIRED',
        });
      });

      it('refuses a revoked token', async () => {
        const requestId = await insertRequest();
        const link = await issueLink({ purpose: 'technical', recipientEmail: 'a@example.com', requestId });
        expect(await revokeLinks({ requestId, purpose: 'technical' })).toBe(1);
        await expect(verifyLink({ token: link.token, purposes: ['technical'], requestId })).rejects.toMatchObject({
          code: 'LINK_REVOKED',
        });
      });

      it('refuses a token of another purpose with 403 WRONG_ROLE', async () => {
        const requestId = await insertRequest();
        const link = await issueLink({ purpose: 'technical', recipientEmail: 'a@example.com', requestId });
        await expect(verifyLink({ token: link.token, purposes: ['purchasing'], requestId })).rejects.toMatchObject({
          code: 'WRONG_ROLE',
          status: 403,
        });
      });

      it('refuses a token for another request without saying more', async () => {
        const requestId = await insertRequest();
        const otherId = await insertRequest();
        const link = await issueLink({ purpose: 'purchasing', recipientEmail: 'a@example.com', requestId });
        await expect(
          verifyLink({ token: link.token, purposes: ['purchasing'], requestId: otherId }),
        ).rejects.toMatchObject({
          code: 'UNAUTHENTICATED',
        });
      });

      it('refuses a purchasing token bound to a superseded revision with 409', async () => {
        const requestId = await insertRequest();
        const first = await insertRevision(requestId, 1);
        const second = await insertRevision(requestId, 2);
        await getDb()
          .update(quoteRevisions)
          .set({ supersededBy: second, status: 'superseded' })
          .where(eq(quoteRevisions.id, first));
        const link = await issueLink({
          purpose: 'purchasing',
          recipientEmail: 'buyer@example.com',
          requestId,
          quoteRevisionId: first,
        });
        await expect(
          verifyLink({ token: link.token, purposes: ['purchasing'], requestId, quoteRevisionId: second }),
        ).rejects.toMatchObject({ code: 'QUOTE_SUPERSEDED', status: 409 });
        const current = await issueLink({
          purpose: 'purchasing',
          recipientEmail: 'buyer@example.com',
          requestId,
          quoteRevisionId: second,
        });
        await expect(
          verifyLink({ token: current.token, purposes: ['purchasing'], requestId, quoteRevisionId: second }),
        ).resolves.toMatchObject({
          quoteRevisionId: second,
        });
      });

      it('never outlives the date it is bound to', async () => {
        const requestId = await insertRequest();
        const notAfter = new Date(Date.now() + 3 * 86_400_000);
        const link = await issueLink({ purpose: 'purchasing', recipientEmail: 'a@example.com', requestId, notAfter });
        expect(link.expiresAt.getTime()).toBe(notAfter.getTime());
      });

      it('marks a single-use link used exactly once, even when raced', async () => {
        const requestId = await insertRequest();
        const link = await issueLink({ purpose: 'purchasing', recipientEmail: 'a@example.com', requestId });
        const results = await Promise.all(Array.from({ length: 10 }, () => markLinkUsed(link.id)));
        expect(results.filter(Boolean)).toHaveLength(1);
      });
    });

    describe('daily byte budgets', () => {
      const KIB = 1024;

      it('never lets concurrent reservations together pass a budget, and charges all budgets or none', async () => {
        const now = new Date('2026-03-04T10:00:00Z');
        const client = { key: `upload-bytes:test-${crypto.randomUUID()}`, limitBytes: 100 * KIB };
        const all = { key: `upload-bytes:all-${crypto.randomUUID()}`, limitBytes: 250 * KIB };
        const other = { key: `upload-bytes:test-${crypto.randomUUID()}`, limitBytes: 1000 * KIB };
        const results = await Promise.all([
          ...Array.from({ length: 12 }, () => reserveDailyBytes({ budgets: [client, all], bytes: 30 * KIB, now })),
          ...Array.from({ length: 12 }, () => reserveDailyBytes({ budgets: [other, all], bytes: 30 * KIB, now })),
        ]);
        const granted = (budget: typeof client) =>
          results.filter((result, i) => result.ok && (i < 12 ? client : other) === budget).length;
        expect(granted(client)).toBe(3);
        expect(granted(client) + granted(other)).toBe(8);
        const counts = await getDb()
          .select({ key: rateLimitBuckets.key, count: rateLimitBuckets.count })
          .from(rateLimitBuckets)
          .where(inArray(rateLimitBuckets.key, [client.key, all.key, other.key]));
        expect(Object.fromEntries(counts.map((row) => [row.key, row.count]))).toEqual({
          [client.key]: 90,
          [all.key]: 240,
          [other.key]: 150,
        });
        const refused = results.find((result) => !result.ok);
        expect(refused).toMatchObject({ ok: false, retryAfterSeconds: 14 * 60 * 60 });
      });

      it('gives bytes back, and starts afresh the next day', async () => {
        const budget = { key: `upload-bytes:test-${crypto.randomUUID()}`, limitBytes: 50 * KIB };
        const today = new Date('2026-03-04T23:59:00Z');
        const first = await reserveDailyBytes({ budgets: [budget], bytes: 40 * KIB, now: today });
        expect((await reserveDailyBytes({ budgets: [budget], bytes: 20 * KIB, now: today })).ok).toBe(false);
        if (!first.ok) throw new Error('expected the first reservation');
        await first.release();
        expect((await reserveDailyBytes({ budgets: [budget], bytes: 20 * KIB, now: today })).ok).toBe(true);
        const tomorrow = new Date('2026-03-05T00:01:00Z');
        expect((await reserveDailyBytes({ budgets: [budget], bytes: 50 * KIB, now: tomorrow })).ok).toBe(true);
      });
    });
  });
});

describe('readiness and failures', () => {
  it('names host, port, database and the driver reason when PostgreSQL cannot be reached, never the password', async () => {
    const port = await freePort();
    const database = openDatabase({ kind: 'postgres', url: `postgres://portal:s3cret@127.0.0.1:${port}/quotes` });
    try {
      const failure = await database.migrate().then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(DatabaseError);
      const message = (failure as Error).message;
      expect(message).toContain(`PostgreSQL at 127.0.0.1:${port} (database quotes) while migrating`);
      expect(message).toContain('ECONNREFUSED');
      expect(message).not.toContain('s3cret');
    } finally {
      await database.close();
    }
  });

  it.skipIf(!postgresAvailable)(
    'counts every committed migration as pending on a fresh database, none after migrating',
    async () => {
      const server = await postgresForTest({ migrated: false });
      const database = openDatabase({ kind: 'postgres', url: server.url });
      try {
        const journal = JSON.parse(
          readFileSync(path.resolve(import.meta.dirname, '../../drizzle/meta/_journal.json'), 'utf8'),
        ) as { entries: unknown[] };
        expect(journal.entries.length).toBeGreaterThan(0);
        expect(await database.pendingMigrations()).toBe(journal.entries.length);
        await database.migrate();
        expect(await database.pendingMigrations()).toBe(0);
      } finally {
        await database.close();
        await server.stop();
      }
    },
  );
  it.skipIf(!postgresAvailable)(
    'closes every connection before close() resolves, so the server holds none of them after',
    async () => {
      const server = await postgresForTest();
      const database = openDatabase({ kind: 'postgres', url: server.url });
      // A second pool, connected beforehand, asks the server the moment the first one has closed.
      const observer = openDatabase({ kind: 'postgres', url: server.url });
      const others = sql`select count(*)::int as n from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid()`;
      try {
        await observer.db.execute(sql`select 1`);
        // Five statements at once: the pool's five connections, all open.
        await Promise.all(Array.from({ length: 5 }, () => database.db.execute(sql`select pg_sleep(0.05)`)));
        expect(await observer.db.execute(others)).toMatchObject({ rows: [{ n: 5 }] });
        await database.close();
        expect(await observer.db.execute(others)).toMatchObject({ rows: [{ n: 0 }] });
      } finally {
        await observer.close();
        await server.stop();
      }
    },
  );
});

describe('a new embedded data folder starts from the template cluster', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'portal-template-test-'));
  const cacheDir = path.join(root, 'cache');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('makes the template once when two starts race for it, seeds an empty folder migrated, and never touches a cluster', async () => {
    const { ensureTemplate, seedFromTemplate } = await loadEmbeddedDriver();
    const [first, second] = await Promise.all([ensureTemplate({ cacheDir }), ensureTemplate({ cacheDir })]);
    expect(second).toBe(first);
    expect(readdirSync(cacheDir)).toEqual([path.basename(first)]);

    const dir = path.join(root, 'data', 'db');
    await seedFromTemplate(dir, { cacheDir });
    expect(existsSync(path.join(dir, 'PG_VERSION')), 'the cluster copied in before PGlite opens it').toBe(true);
    const database = openDatabase({ kind: 'pglite', dir });
    expect(await database.pendingMigrations(), 'the template holds every committed migration').toBe(0);
    await database.migrate();
    await database.db.insert(requests).values(requestRow());
    await database.close();

    // A second start on the same folder keeps what it holds.
    await seedFromTemplate(dir, { cacheDir });
    const reopened = openDatabase({ kind: 'pglite', dir });
    const [row] = await reopened.db.select({ n: sql<number>`count(*)::int` }).from(requests);
    expect(row).toEqual({ n: 1 });
    await reopened.close();
  });

  it('never seeds from a template made for another set of migrations', async () => {
    const { ensureTemplate, seedFromTemplate } = await loadEmbeddedDriver();
    const committed = await ensureTemplate({ cacheDir });
    // The committed migrations plus one more, as after a schema change.
    const migrationsFolder = path.join(root, 'drizzle');
    cpSync(path.resolve(import.meta.dirname, '../../drizzle'), migrationsFolder, { recursive: true });
    const journalFile = path.join(migrationsFolder, 'meta/_journal.json');
    const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as {
      entries: { idx: number; when: number; tag: string; version: string; breakpoints: boolean }[];
    };
    const last = journal.entries.at(-1);
    if (!last) throw new Error('drizzle/meta/_journal.json lists no migration');
    journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1, tag: '9999_template_test' });
    writeFileSync(journalFile, JSON.stringify(journal));
    writeFileSync(
      path.join(migrationsFolder, '9999_template_test.sql'),
      'CREATE TABLE "template_test" ("id" integer);',
    );

    const newer = await ensureTemplate({ cacheDir, migrationsFolder });
    expect(newer).not.toBe(committed);
    const dir = path.join(root, 'newer', 'db');
    await seedFromTemplate(dir, { cacheDir, migrationsFolder });
    const database = openDatabase({ kind: 'pglite', dir });
    try {
      expect(await database.db.execute(sql`select to_regclass('template_test')::text as name`)).toMatchObject({
        rows: [{ name: 'template_test' }],
      });
    } finally {
      await database.close();
    }
  });
});
