import { describe, expect, it } from 'vitest';
import { badgeResponse, etagOf, matchesIfNoneMatch } from '@/lib/badge/badge-response';
import { badgeCachePolicy } from '@/lib/badge/get-badge';

describe('matchesIfNoneMatch', () => {
  const tag = etagOf('<svg/>');
  it.each([
    [tag, true],
    [`W/${tag}`, true],
    [`"a", ${tag} , "b"`, true],
    ['*', true],
    ['"other"', false],
    ['', false],
    [null, false],
  ])('%j → %s', (header, expected) => {
    expect(matchesIfNoneMatch(header, tag)).toBe(expected);
  });
  it('gives different bodies different tags', () => {
    expect(etagOf('a')).not.toBe(etagOf('b'));
    expect(etagOf('a')).toBe(etagOf('a'));
  });
});

describe('badgeCachePolicy', () => {
  it('caches a fresh status for at most 5 minutes, never past the freshness window', () => {
    expect(badgeCachePolicy('checked', 0, 3600)).toEqual({ maxAgeSeconds: 300, staleWhileRevalidateSeconds: 3600 });
    expect(badgeCachePolicy('stored', 3500, 3600)).toEqual({ maxAgeSeconds: 100, staleWhileRevalidateSeconds: 3600 });
    expect(badgeCachePolicy('stored', 10, 60)).toEqual({ maxAgeSeconds: 50, staleWhileRevalidateSeconds: 60 });
    expect(badgeCachePolicy('checked', 0, 0)).toEqual({ maxAgeSeconds: 0, staleWhileRevalidateSeconds: 60 });
  });
  it('asks again soon when it could only show an old status or none', () => {
    expect(badgeCachePolicy('stale', 99_999, 3600)).toEqual({ maxAgeSeconds: 15, staleWhileRevalidateSeconds: 60 });
    expect(badgeCachePolicy('none', 0, 3600)).toEqual({ maxAgeSeconds: 15, staleWhileRevalidateSeconds: 60 });
  });
});

describe('badgeResponse', () => {
  const answer = { cache: { maxAgeSeconds: 300, staleWhileRevalidateSeconds: 3600 }, source: 'stored' as const, reportId: 'AAAAAAAAAAAAAAAAAAAA' };
  it('sends the body with its ETag, or 304 without it', async () => {
    const ok = badgeResponse(new Request('http://x/'), { body: '<svg/>', contentType: 'image/svg+xml', answer });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-zonecut-report')).toBe(answer.reportId);
    expect(await ok.text()).toBe('<svg/>');
    const etag = ok.headers.get('etag')!;
    const notModified = badgeResponse(new Request('http://x/', { headers: { 'if-none-match': etag } }), {
      body: '<svg/>',
      contentType: 'image/svg+xml',
      answer,
    });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get('content-type')).toBeNull();
    expect(notModified.headers.get('cache-control')).toBe('public, max-age=300, stale-while-revalidate=3600');
  });
});
