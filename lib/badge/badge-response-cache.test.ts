import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { badgeHeaders, type BadgeResponseInit } from '@/lib/badge/badge-response';
import {
  acceptsGzip,
  badgeCacheKey,
  badgeResponseCache,
  createBadgeResponseCache,
  type BadgeResponseCache,
  type BadgeToPublish,
} from '@/lib/badge/badge-response-cache';
import { reportSaved } from '@/lib/store/report-saved';
import type { StoredReportSummary } from '@/lib/store/report-store';
import { withTemporaryStore } from '@/lib/store/with-temporary-store';
import { runStoredCheck } from '@/lib/run-stored-check';
import { GET } from '@/app/badge/[domain]/route';

describe('badgeCacheKey', () => {
  const key = badgeCacheKey;
  it('gives URLs the route answers alike one key', () => {
    const plain = key('/badge/healthy.test.svg');
    expect(plain).not.toBeNull();
    expect(key('/badge/Healthy.TEST.SVG')).toBe(plain);
    expect(key('/badge/healthy%2Etest.svg')).toBe(plain);
    expect(key('/badge/healthy.test.svg?')).toBe(plain);
    expect(key('/badge/healthy.test.svg?style=flat')).toBe(plain);
    expect(key('/badge/healthy.test.svg?label=My%20DNS&style=flat-square')).toBe(key('/badge/healthy.test.svg?style=flat-square&label=My+DNS'));
  });

  it('tells apart everything the route varies on', () => {
    const keys = [
      '/badge/healthy.test.svg',
      '/badge/lame.test.svg',
      '/badge/healthy.test.svg?label=',
      '/badge/healthy.test.svg?label=DNS',
      '/badge/healthy.test.svg?label=dns',
      '/badge/healthy.test.svg?style=flat-square',
      '/badge/healthy.test.svg?style=for-the-badge',
      '/badge/healthy.test.svg?label=DNS&style=for-the-badge',
    ].map(key);
    expect(keys).not.toContain(null);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each([
    '/badge/healthy.test.svg?v=2', // any other parameter
    '/badge/healthy.test.svg?label=a&label=b', // a parameter twice
    '/badge/healthy.test.svg?style=flat&style=plastic',
    '/badge/b%C3%BCcher.test.svg', // a name the route would have to map (IDNA)
    '/badge/bücher.test.svg',
    '/badge/healthy.test', // not the SVG route
    '/badge/healthy.test.png',
    '/badge/%E0%A4%A.svg', // not percent-encoding
    '/badge/a%2Fb.svg',
    '/badge/healthy.test.svg/',
    '/badge/x/healthy.test.svg',
    '/api/badge/healthy.test',
    '/BADGE/healthy.test.svg',
    `/badge/healthy.test.svg?label=${'x'.repeat(2100)}`, // too long to be worth a key
  ])('leaves %s to Next', (url) => {
    expect(key(url)).toBeNull();
  });
});

describe('acceptsGzip', () => {
  it.each([
    ['gzip', true],
    ['gzip, deflate, br', true],
    ['br;q=1.0, GZIP;q=0.5', true],
    ['x-gzip', true],
    ['*', true],
    ['gzip;q=0', false],
    ['gzip;q=0, *', false],
    ['*;q=0', false],
    ['deflate, br', false],
    ['identity', false],
    ['', false],
    [undefined, false],
  ])('%j → %s', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });
});

const body = new TextEncoder().encode(`<svg xmlns="http://www.w3.org/2000/svg"><title>DNS: ok</title>${'<g fill="#4b0"/>'.repeat(20)}</svg>`);
function badge(fqdn = 'healthy.test.', maxAgeSeconds = 300, dropsBefore = 0): BadgeToPublish {
  const init: BadgeResponseInit = {
    body: new TextDecoder().decode(body),
    contentType: 'image/svg+xml; charset=utf-8',
    answer: { cache: { maxAgeSeconds, staleWhileRevalidateSeconds: 3600 }, source: 'stored', reportId: 'AAAAAAAAAAAAAAAAAAAA' },
    extraHeaders: { 'content-security-policy': "default-src 'none'" },
  };
  return { fqdn, headers: badgeHeaders(init), body, maxAgeSeconds, dropsBefore };
}

/** A real HTTP server: the cache answers what it holds, the rest gets 418 from "Next". */
function serverFor(getCache: () => BadgeResponseCache) {
  let seenByNext = 0;
  const server = http.createServer((req, res) => {
    if (getCache().serve(req, res)) return;
    seenByNext++;
    res.writeHead(418).end('next');
  });
  let base = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return {
    fetch: (path: string, init?: RequestInit) => fetch(base + path, init),
    url: (path: string) => base + path,
    seenByNext: () => seenByNext,
  };
}

describe('a BadgeResponseCache behind a real HTTP server', () => {
  let clock = 1_000_000;
  let cache = createBadgeResponseCache({ now: () => clock });
  afterEach(() => {
    clock = 1_000_000;
    cache = createBadgeResponseCache({ now: () => clock });
  });
  const server = serverFor(() => cache);

  it('answers a published badge with its exact headers and bytes, and how long it has held it', async () => {
    const published = badge();
    expect(cache.publish('/badge/healthy.test.svg?style=flat', published)).toBe(true);
    clock += 2500;
    const res = await server.fetch('/badge/Healthy.test.svg', { headers: { 'accept-encoding': 'identity' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(res.headers.get('vary')).toBe('Accept-Encoding');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(body);
    for (const [name, value] of published.headers) expect(res.headers.get(name)).toBe(value);
    expect(res.headers.get('content-length')).toBe(String(body.length));
    expect(res.headers.get('age')).toBe('2');
  });

  it('gzips the body for a client that accepts it, as Next does', async () => {
    const published = badge();
    cache.publish('/badge/healthy.test.svg', published);
    const { headers, raw } = await new Promise<{ headers: http.IncomingHttpHeaders; raw: Buffer }>((resolve, reject) => {
      http
        .get(server.url('/badge/healthy.test.svg'), { headers: { 'accept-encoding': 'gzip, deflate' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ headers: res.headers, raw: Buffer.concat(chunks) }));
        })
        .on('error', reject);
    });
    expect(headers['content-encoding']).toBe('gzip');
    expect(headers.vary).toBe('Accept-Encoding');
    expect(headers.etag).toBe(published.headers.get('etag'));
    expect(Number(headers['content-length'])).toBe(raw.length);
    expect(raw.length).toBeLessThan(body.length);
    expect(new Uint8Array(gunzipSync(raw))).toEqual(body);
  });

  it('answers HEAD without the body, and 304 to a client that holds the tag', async () => {
    const published = badge();
    cache.publish('/badge/healthy.test.svg', published);
    const etag = published.headers.get('etag')!;
    const head = await server.fetch('/badge/healthy.test.svg', { method: 'HEAD', headers: { 'accept-encoding': 'identity' } });
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toBe(etag);
    expect(head.headers.get('content-length')).toBe(String(body.length));
    expect(await head.text()).toBe('');
    for (const inm of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const res = await server.fetch('/badge/healthy.test.svg', { headers: { 'if-none-match': inm } });
      expect(res.status).toBe(304);
      expect(res.headers.get('etag')).toBe(etag);
      expect(res.headers.get('cache-control')).toBe(published.headers.get('cache-control'));
      expect(res.headers.get('content-type')).toBeNull();
    }
    expect((await server.fetch('/badge/healthy.test.svg', { headers: { 'if-none-match': '"other"' } })).status).toBe(200);
  });

  it('leaves to Next what it does not hold, other methods, and other URLs', async () => {
    cache.publish('/badge/healthy.test.svg', badge());
    const before = server.seenByNext();
    expect((await server.fetch('/badge/lame.test.svg')).status).toBe(418);
    expect((await server.fetch('/badge/healthy.test.svg', { method: 'POST' })).status).toBe(418);
    expect((await server.fetch('/badge/healthy.test.svg?label=X')).status).toBe(418);
    expect((await server.fetch('/badge/healthy.test.svg?cache=1')).status).toBe(418);
    expect(server.seenByNext()).toBe(before + 4);
  });

  it("keeps an answer no longer than the badge's max-age and the cache's own limit", async () => {
    cache.publish('/badge/healthy.test.svg', badge('healthy.test.', 300));
    cache.publish('/badge/lame.test.svg', badge('lame.test.', 3));
    expect(cache.publish('/badge/single-ns.test.svg', badge('single-ns.test.', 0))).toBe(false);
    clock += 2999;
    expect((await server.fetch('/badge/lame.test.svg')).status).toBe(200);
    clock += 1;
    expect((await server.fetch('/badge/lame.test.svg')).status).toBe(418);
    clock += 10_000 - 3000 - 1;
    expect((await server.fetch('/badge/healthy.test.svg')).status).toBe(200);
    clock += 1;
    expect((await server.fetch('/badge/healthy.test.svg')).status).toBe(418);
    expect(cache.size).toBe(0);
  });

  it("drops a domain's answers, and refuses one decided before the drop", async () => {
    cache.publish('/badge/healthy.test.svg', badge('healthy.test.'));
    cache.publish('/badge/healthy.test.svg?label=X', badge('healthy.test.'));
    cache.publish('/badge/lame.test.svg', badge('lame.test.'));
    const drops = cache.drops();
    cache.dropDomain('HEALTHY.test');
    expect((await server.fetch('/badge/healthy.test.svg')).status).toBe(418);
    expect((await server.fetch('/badge/healthy.test.svg?label=X')).status).toBe(418);
    expect((await server.fetch('/badge/lame.test.svg')).status).toBe(200);
    expect(cache.publish('/badge/healthy.test.svg', badge('healthy.test.', 300, drops))).toBe(false);
    expect(cache.publish('/badge/healthy.test.svg', badge('healthy.test.', 300, cache.drops()))).toBe(true);
  });
});

describe('BadgeResponseCache bounds', () => {
  it('holds at most maxEntries, the least recently served going first', () => {
    const fake = { method: 'GET', headers: {} } as http.IncomingMessage;
    const sink = { writeHead: () => sink, end: () => sink } as unknown as http.ServerResponse;
    const cache = createBadgeResponseCache({ maxEntries: 2 });
    cache.publish('/badge/a.test.svg', badge('a.test.'));
    cache.publish('/badge/b.test.svg', badge('b.test.'));
    expect(cache.serve({ ...fake, url: '/badge/a.test.svg' } as http.IncomingMessage, sink)).toBe(true);
    cache.publish('/badge/c.test.svg', badge('c.test.'));
    expect(cache.size).toBe(2);
    expect(cache.serve({ ...fake, url: '/badge/b.test.svg' } as http.IncomingMessage, sink)).toBe(false);
    expect(cache.serve({ ...fake, url: '/badge/a.test.svg' } as http.IncomingMessage, sink)).toBe(true);
    expect(cache.serve({ ...fake, url: '/badge/c.test.svg' } as http.IncomingMessage, sink)).toBe(true);
  });

  it('holds at most maxBytes, and nothing larger than that', () => {
    const one = createBadgeResponseCache();
    one.publish('/badge/a.test.svg', badge('a.test.'));
    const entry = one.bytes;
    const cache = createBadgeResponseCache({ maxBytes: entry * 3 + entry / 2 });
    for (const name of ['a', 'b', 'c', 'd', 'e']) expect(cache.publish(`/badge/${name}.test.svg`, badge(`${name}.test.`))).toBe(true);
    expect(cache.size).toBe(3);
    expect(cache.bytes).toBeLessThanOrEqual(entry * 3.5);
    const tiny = createBadgeResponseCache({ maxBytes: entry - 1 });
    expect(tiny.publish('/badge/a.test.svg', badge('a.test.'))).toBe(false);
    expect(tiny.size).toBe(0);
  });
});

describe('the badge route and the process cache (as under scripts/serve.mjs)', () => {
  withTemporaryStore('badge-cache');
  const flags = globalThis as unknown as { __zonecutServesBadgeCache?: boolean; __zonecutBadgeCache?: BadgeResponseCache };
  beforeAll(() => {
    flags.__zonecutServesBadgeCache = true;
  });
  afterAll(() => {
    delete flags.__zonecutServesBadgeCache;
    delete flags.__zonecutBadgeCache;
  });
  const server = serverFor(() => badgeResponseCache()!);
  const route = (path: string) => {
    const url = new URL(path, 'http://localhost');
    return GET(new Request(url), { params: Promise.resolve({ domain: url.pathname.split('/')[2]! }) });
  };

  it('is off without that server', () => {
    delete flags.__zonecutServesBadgeCache;
    expect(badgeResponseCache()).toBeNull();
    flags.__zonecutServesBadgeCache = true;
  });

  it('publishes a stored-status badge only, and forgets it when a new report of the domain is stored here', async () => {
    const checked = await route('/badge/healthy.test.svg?style=flat-square');
    expect(checked.headers.get('x-zonecut-badge-source')).toBe('checked');
    expect((await server.fetch('/badge/healthy.test.svg?style=flat-square')).status).toBe(418);

    const stored = await route('/badge/healthy.test.svg?style=flat-square');
    expect(stored.headers.get('x-zonecut-badge-source')).toBe('stored');
    const hit = await server.fetch('/badge/HEALTHY.test.svg?style=flat-square');
    expect(hit.status).toBe(200);
    expect(hit.headers.get('x-zonecut-report')).toBe(stored.headers.get('x-zonecut-report'));
    expect(hit.headers.get('etag')).toBe(stored.headers.get('etag'));
    expect(await hit.text()).toBe(await stored.text());

    // A check of the domain from anywhere in this process (here the API's path) is stored: the
    // memory of the badge goes, and the route shows the new report at once.
    const again = await runStoredCheck('healthy.test');
    expect(again.ok && again.stored).toBeTruthy();
    expect((await server.fetch('/badge/healthy.test.svg?style=flat-square')).status).toBe(418);
    const fresh = await route('/badge/healthy.test.svg?style=flat-square');
    expect(fresh.headers.get('x-zonecut-report')).toBe(again.ok ? again.stored?.id : null);
    expect((await server.fetch('/badge/healthy.test.svg?style=flat-square')).headers.get('x-zonecut-report')).toBe(fresh.headers.get('x-zonecut-report'));
  });

  it('never publishes an error', async () => {
    const size = badgeResponseCache()!.size;
    expect((await route('/badge/healthy.test.svg?style=plastic')).status).toBe(400);
    expect((await route('/badge/-bad-.test.svg')).status).toBeGreaterThanOrEqual(400);
    expect(badgeResponseCache()!.size).toBe(size);
  });

  it('hears of saves through report-saved.ts', async () => {
    const cache = badgeResponseCache()!;
    cache.publish('/badge/lame.test.svg', badge('lame.test.', 300, cache.drops()));
    expect((await server.fetch('/badge/lame.test.svg')).status).toBe(200);
    reportSaved({ domain: 'lame.test.' } as StoredReportSummary);
    expect((await server.fetch('/badge/lame.test.svg')).status).toBe(418);
  });
});
