/**
 * Rate limiting of the anonymous endpoints: per client address, per endpoint, fixed one-minute window
 * in the database, 429 RATE_LIMITED with Retry-After. Link holders are not limited.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { enforceRateLimit, pinRateLimitClock } from '../../src/server/rate-limit.js';
import { deliveredMails, startTestServer, type TestServer } from '../support/server.js';
import { binaryStl, postJson, tokenOf, upload, validRequest } from '../support/intake.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ env: { RATE_LIMIT_PER_MINUTE: '3' } });
});
afterAll(async () => {
  await server?.close();
});

describe('rate limiting', () => {
  it('allows three requests a minute per endpoint, then answers 429 with Retry-After', async () => {
    // The limiter's clock stands still ten seconds into a minute, so the counts below cannot
    // straddle two windows and Retry-After is known exactly.
    onTestFinished(pinRateLimitClock(() => new Date('2030-01-01T09:00:10Z')));
    const created = await postJson(server.url, '/api/requests', validRequest());
    expect(created.status).toBe(201);
    expect((await postJson(server.url, '/api/requests', {})).status).toBe(422);
    expect((await postJson(server.url, '/api/requests', validRequest())).status).toBe(201);
    const limited = await fetch(`${server.url}/api/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(validRequest()),
    });
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBe(50);
    expect(await limited.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });

    // Uploads have their own budget.
    for (let i = 0; i < 3; i++)
      expect((await upload(server.url, { name: `p${i}.stl`, bytes: binaryStl() })).status).toBe(201);
    const fourth = await upload(server.url, { name: 'p4.stl', bytes: binaryStl() });
    expect(fourth.status).toBe(429);
    expect(fourth.headers.get('retry-after')).toBe('50');

    // A link holder uploading to their own request is not anonymous and not limited.
    const mails = await deliveredMails(server);
    const review = mails.flatMap((mail) => mail.links).find((link) => link.includes(`/review/?id=${created.body.id}`))!;
    for (let i = 0; i < 4; i++) {
      const reply = await upload(
        server.url,
        { name: `r${i}.stl`, bytes: binaryStl() },
        { authorization: `Bearer ${tokenOf(review)}` },
      );
      expect(reply.status).toBe(201);
    }
  });

  it('counts per client address and starts afresh in the next window', async () => {
    const now = new Date('2030-01-01T10:00:30Z');
    for (let i = 0; i < 3; i++) await enforceRateLimit({ endpoint: 'test', ip: '203.0.113.9', now });
    await expect(enforceRateLimit({ endpoint: 'test', ip: '203.0.113.9', now })).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterSeconds: 30,
    });
    await expect(enforceRateLimit({ endpoint: 'test', ip: '203.0.113.10', now })).resolves.toBeUndefined();
    const nextMinute = new Date('2030-01-01T10:01:00Z');
    await expect(enforceRateLimit({ endpoint: 'test', ip: '203.0.113.9', now: nextMinute })).resolves.toBeUndefined();
    // Without `now`, the window comes from the clock it is given.
    const clock = () => new Date('2030-01-01T10:02:45Z');
    for (let i = 0; i < 3; i++) await enforceRateLimit({ endpoint: 'test', ip: '203.0.113.9', clock });
    await expect(enforceRateLimit({ endpoint: 'test', ip: '203.0.113.9', clock })).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterSeconds: 15,
    });
  });

  it('lets exactly the limit through when calls race', async () => {
    const now = new Date('2030-01-01T11:00:00Z');
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => enforceRateLimit({ endpoint: 'race', ip: '198.51.100.1', now })),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(3);
  });
});
