/**
 * A database fault in the middle of a write: the person gets a 500 with an incident id, and the
 * server log gets one line with that id, the route, the error's class, SQLSTATE and place, and none
 * of the values the customer typed (drizzle's error carries the whole failed insert and its params).
 */
import { sql } from '../../src/server/db/orm.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '../../src/server/db/index.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { postJson, validRequest } from '../support/intake.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  // The fault quotes the row it refuses, as real constraint errors do.
  await getDb().execute(sql`
    create function test_refuse_contact() returns trigger language plpgsql as $$
    begin raise exception 'refusing contact %', new.email using detail = new.name; end $$`);
  await getDb().execute(sql`
    create trigger test_refuse_contact before insert on contacts
    for each row execute function test_refuse_contact()`);
});
afterAll(async () => {
  await server?.close();
});

describe('a failed write', () => {
  it('answers 500 with an incident id and logs that id with codes only', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const reply = await postJson(server.url, '/api/requests', validRequest());
      expect(reply.status).toBe(500);
      const incident = reply.body.error.incident ?? '';
      expect(incident).toMatch(/^[0-9a-f]{8}$/);
      expect(reply.body.error.message).toContain(incident);

      const lines = logged.mock.calls.map((call) => call.map(String).join(' '));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        new RegExp(
          `^POST /api/requests failed: incident ${incident}, DrizzleQueryError P0001 at src/server/[\\w/.-]+\\.ts:\\d+$`,
        ),
      );
      for (const value of ['tina@acme.example', 'Tina Technik', 'Pump housing bracket', 'insert into', 'params']) {
        expect(lines[0]).not.toContain(value);
      }
    } finally {
      logged.mockRestore();
    }
  });
});
