import { beforeEach, describe, expect, it } from 'vitest';
import { resetRateLimits } from '@/lib/guard/rate-limit';
import { withTemporaryStore } from '@/lib/store/with-temporary-store';
import { GET } from './route';

withTemporaryStore('api-badge');
beforeEach(() => resetRateLimits());

const endpoint = (param: string, query = '', headers: Record<string, string> = {}) =>
  GET(new Request(`http://localhost/api/badge/${param}${query}`, { headers }), { params: Promise.resolve({ domain: param }) });

describe('GET /api/badge/<domain>', () => {
  it('serves shields.io endpoint JSON', async () => {
    const response = await endpoint('healthy.test');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('cache-control')).toMatch(/^public, max-age=\d+, stale-while-revalidate=\d+$/);
    expect(await response.json()).toEqual({ schemaVersion: 1, label: 'DNS', message: 'ok', color: 'brightgreen', cacheSeconds: 300 });
  });

  it('colours errors red and takes a label, cleaned', async () => {
    const body = (await (await endpoint('ds-mismatch.test', `?label=${encodeURIComponent('my\u0000 zone')}`)).json()) as Record<string, unknown>;
    expect(body).toMatchObject({ schemaVersion: 1, label: 'my zone', color: 'red' });
    expect(body.message).toMatch(/^\d+ errors?$/);
  });

  it('answers 304 for a matching ETag', async () => {
    const etag = (await endpoint('healthy.test')).headers.get('etag')!;
    const cached = await endpoint('healthy.test', '', { 'if-none-match': etag });
    expect(cached.status).toBe(304);
    expect(cached.headers.get('etag')).toBe(etag);
  });

  it('answers 400 with a code for a bad name', async () => {
    const response = await endpoint('exa%20mple.com');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: 'invalid-character', message: expect.any(String) } });
  });
});
