import { describe, expect, it } from 'vitest';
import { ApiError, apiFetch, toApiError } from '../../src/islands/lib/api.js';
import { fetchFileUrl } from '../../src/islands/lib/file-url.js';

function fakeFetch(status: number, body: string, seen: { url?: string; init?: RequestInit } = {}): typeof fetch {
  return (input, init) => {
    seen.url = input instanceof Request ? input.url : input.toString();
    seen.init = init;
    return Promise.resolve(new Response(body === '' ? null : body, { status }));
  };
}

describe('toApiError', () => {
  it('reads the contract error shape with field paths', () => {
    const error = toApiError(422, {
      error: {
        code: 'VALIDATION',
        message: 'Some fields need your attention.',
        fields: { 'technicalContact.email': "Enter the technical contact's email address, e.g. name@company.com." },
      },
    });
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(422);
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toBe('Some fields need your attention.');
    expect(error.fields).toEqual({
      'technicalContact.email': "Enter the technical contact's email address, e.g. name@company.com.",
    });
  });

  it.each([
    [401, undefined, 'HTTP_401', 'This link is not valid any more. Ask the shop for a fresh link.'],
    [
      404,
      '<html>Not found</html>',
      'HTTP_404',
      'We could not find that. Check the link, or ask the shop for a fresh one.',
    ],
    [
      429,
      { error: { code: 'RATE_LIMITED' } },
      'RATE_LIMITED',
      'Too many attempts in a short time. Wait a minute and try again.',
    ],
    [
      502,
      { error: 'bad gateway' },
      'HTTP_502',
      'Something went wrong on our side. Please try again; if it keeps happening, contact the shop.',
    ],
    [
      422,
      { error: { code: 'VALIDATION', message: '  ', fields: 'nope' } },
      'VALIDATION',
      'Some fields need your attention.',
    ],
  ])('status %i with body %j → code %s and a readable message', (status, body, code, message) => {
    const error = toApiError(status, body);
    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
    expect(error.fields).toEqual({});
  });

  it('drops field messages that are not strings', () => {
    const error = toApiError(422, { error: { code: 'VALIDATION', fields: { a: 'ok', b: 3, c: null } } });
    expect(error.fields).toEqual({ a: 'ok' });
  });
});

describe('apiFetch', () => {
  it('sends JSON and the bearer token, and returns the parsed body with its status', async () => {
    const seen: { url?: string; init?: RequestInit } = {};
    const result = await apiFetch<{ id: string }>({
      path: '/api/requests',
      method: 'POST',
      token: 'tok_123',
      body: { a: 1 },
      fetch: fakeFetch(201, '{"id":"r1"}', seen),
    });
    expect(result).toEqual({ status: 201, data: { id: 'r1' } });
    const headers = seen.init?.headers as Record<string, string>;
    expect(headers.Authorization).toBe('Bearer tok_123');
    expect(headers['Content-Type']).toBe('application/json');
    expect(seen.init?.body).toBe('{"a":1}');
  });

  it('sends no Authorization header without a token', async () => {
    const seen: { url?: string; init?: RequestInit } = {};
    await apiFetch({ path: '/api/x', fetch: fakeFetch(200, '{}', seen) });
    expect((seen.init?.headers as Record<string, string>).Authorization).toBeUndefined();
  });

  it('rejects with the server error', async () => {
    const body = JSON.stringify({ error: { code: 'LINK_EXPIRED', message: 'This link has expired.' } });
    await expect(apiFetch({ path: '/api/x', token: 't', fetch: fakeFetch(401, body) })).rejects.toMatchObject({
      status: 401,
      code: 'LINK_EXPIRED',
      message: 'This link has expired.',
    });
  });

  it('turns a network failure into status 0 with advice', async () => {
    const failing: typeof fetch = () => Promise.reject(new TypeError('Failed to fetch'));
    await expect(apiFetch({ path: '/api/x', fetch: failing })).rejects.toMatchObject({ status: 0, code: 'NETWORK' });
  });
});

describe('fetchFileUrl', () => {
  it('fetches the file with the bearer token and returns an object URL', async () => {
    const seen: { url?: string; init?: RequestInit } = {};
    const url = await fetchFileUrl({
      id: 'f 1',
      token: 'tok',
      fetch: fakeFetch(200, 'PNGDATA', seen),
      createObjectURL: (blob) => `blob:test/${blob.size}`,
    });
    expect(url).toBe('blob:test/7');
    expect(seen.url).toBe('/api/files/f%201');
    expect((seen.init?.headers as Record<string, string>).Authorization).toBe('Bearer tok');
  });

  it('rejects with the server error for a revoked link', async () => {
    const body = JSON.stringify({ error: { code: 'LINK_REVOKED', message: 'This link is no longer valid.' } });
    await expect(
      fetchFileUrl({ id: 'f1', token: 't', fetch: fakeFetch(401, body), createObjectURL: () => 'blob:x' }),
    ).rejects.toMatchObject({ status: 401, code: 'LINK_REVOKED' });
  });
});
