import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, errorResponse, parseApiErrorBody, type ApiErrorCode } from '@/lib/api/api-error';

afterEach(() => vi.restoreAllMocks());

describe('errorResponse', () => {
  it.each([
    ['invalid-character', 400],
    ['empty', 400],
    ['bad-request', 400],
    ['not-found', 404],
    ['rate-limited', 429],
    ['busy', 503],
    ['internal', 500],
  ] as [ApiErrorCode, number][])('%s → %i with the code and message', async (code, status) => {
    const response = errorResponse(new ApiError(code, 'what happened'));
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ error: { code, message: 'what happened' } });
  });

  it('says when to retry a rate-limited request', () => {
    const response = errorResponse(new ApiError('rate-limited', 'slow down', { retryAfterSeconds: 2.5 }));
    expect(response.headers.get('retry-after')).toBe('3');
  });

  it('turns anything else into a bare 500 and logs it on the server', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const response = errorResponse(new Error('ECONNREFUSED 10.0.0.5:5432 /srv/zonecut/secret'));
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'internal', message: 'Internal error' } });
    expect(text).not.toMatch(/ECONNREFUSED|10\.0\.0\.5|secret/);
    expect(log).toHaveBeenCalledOnce();
  });
});

describe('parseApiErrorBody', () => {
  it('reads our error bodies and nothing else', () => {
    expect(parseApiErrorBody({ error: { code: 'not-found', message: 'gone' } })).toEqual({ error: { code: 'not-found', message: 'gone' } });
    expect(parseApiErrorBody({ error: { code: 'teapot', message: 'x' } })).toBeNull();
    expect(parseApiErrorBody({ code: 'not-found', message: 'x' })).toBeNull();
    expect(parseApiErrorBody(null)).toBeNull();
  });
});
