import { describe, expect, it } from 'vitest';
import { linkTokenKey, readLinkToken, type StorageLike } from '../../src/islands/lib/link-token.js';

const TOKEN = 'aB3_x-9KqLmNoPqRsTuVwXyZ0123456789abcdEFGH';

function memoryStorage(initial: Record<string, string> = {}): StorageLike & { data: Record<string, string> } {
  const data = { ...initial };
  return {
    data,
    getItem: (key) => data[key] ?? null,
    setItem: (key, value) => {
      data[key] = value;
    },
  };
}

function fakeHistory() {
  const calls: (string | null | undefined)[] = [];
  return { calls, replaceState: (_data: unknown, _unused: string, url?: string | null) => calls.push(url) };
}

describe('readLinkToken', () => {
  it('takes the token from the fragment, stores it per page and query, and removes it from the address bar', () => {
    const storage = memoryStorage();
    const history = fakeHistory();
    const token = readLinkToken({
      page: 'status',
      location: { hash: `#token=${TOKEN}`, pathname: '/status/', search: '?id=r1' },
      history,
      storage,
    });
    expect(token).toBe(TOKEN);
    expect(history.calls).toEqual(['/status/?id=r1']);
    expect(storage.data[linkTokenKey('status', '?id=r1')]).toBe(TOKEN);
  });

  it('after a reload (no fragment any more) returns the stored token without touching history', () => {
    const storage = memoryStorage({ [linkTokenKey('status', '?id=r1')]: TOKEN });
    const history = fakeHistory();
    const location = { hash: '', pathname: '/status/', search: '?id=r1' };
    expect(readLinkToken({ page: 'status', location, history, storage })).toBe(TOKEN);
    expect(history.calls).toEqual([]);
  });

  it('keeps pages and requests apart', () => {
    const storage = memoryStorage({ [linkTokenKey('review', '?id=r1')]: TOKEN });
    const history = fakeHistory();
    expect(
      readLinkToken({
        page: 'status',
        location: { hash: '', pathname: '/status/', search: '?id=r1' },
        history,
        storage,
      }),
    ).toBeNull();
    expect(
      readLinkToken({
        page: 'review',
        location: { hash: '', pathname: '/review/', search: '?id=r2' },
        history,
        storage,
      }),
    ).toBeNull();
  });

  it('a fresh link in the fragment replaces an older stored token', () => {
    const older = 'olderTokenolderTokenolderToken';
    const storage = memoryStorage({ [linkTokenKey('status', '?id=r1')]: older });
    const token = readLinkToken({
      page: 'status',
      location: { hash: `#token=${TOKEN}`, pathname: '/status/', search: '?id=r1' },
      history: fakeHistory(),
      storage,
    });
    expect(token).toBe(TOKEN);
    expect(storage.data[linkTokenKey('status', '?id=r1')]).toBe(TOKEN);
  });

  it.each([
    ['#token=', 'empty'],
    ['#token=short', 'too short'],
    ['#token=has%20space%20inside%20the%20token', 'not base64url'],
  ])('refuses a malformed token (%s: %s) but still clears the fragment', (hash) => {
    const storage = memoryStorage();
    const history = fakeHistory();
    const token = readLinkToken({
      page: 'status',
      location: { hash, pathname: '/status/', search: '' },
      history,
      storage,
    });
    expect(token).toBeNull();
    expect(history.calls).toEqual(['/status/']);
    expect(Object.keys(storage.data)).toEqual([]);
  });

  it('works without storage (privacy mode) and when storage throws', () => {
    const throwing: StorageLike = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    const location = { hash: `#token=${TOKEN}`, pathname: '/status/', search: '' };
    expect(readLinkToken({ page: 'status', location, history: fakeHistory(), storage: null })).toBe(TOKEN);
    expect(readLinkToken({ page: 'status', location, history: fakeHistory(), storage: throwing })).toBe(TOKEN);
    expect(
      readLinkToken({ page: 'status', location: { ...location, hash: '' }, history: fakeHistory(), storage: throwing }),
    ).toBeNull();
  });

  it('ignores other fragment parameters', () => {
    const token = readLinkToken({
      page: 'status',
      location: { hash: `#foo=bar&token=${TOKEN}`, pathname: '/status/', search: '' },
      history: fakeHistory(),
      storage: memoryStorage(),
    });
    expect(token).toBe(TOKEN);
  });
});
