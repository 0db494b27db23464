// The HTTP side of a badge: a strong ETag over the body, 304 when the client already holds it, and
// Cache-Control with max-age and stale-while-revalidate so that README viewers and image proxies
// do not each trigger a check.
import { createHash } from 'node:crypto';
import type { BadgeAnswer } from '@/lib/badge/get-badge';

export const SVG_CONTENT_TYPE = 'image/svg+xml; charset=utf-8';

export function etagOf(body: string): string {
  return `"${createHash('sha256').update(body, 'utf8').digest('base64url').slice(0, 27)}"`;
}

/** RFC 9110 13.1.2: a weak comparison against each listed tag, or `*`. */
export function matchesIfNoneMatch(header: string | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => bare(tag) === bare(etag));
}

export interface BadgeResponseInit {
  body: string;
  /** The body already encoded as UTF-8, sent as it is (rendered-badges.ts keeps it). */
  bytes?: Uint8Array<ArrayBuffer>;
  /** The body's ETag when already known (etagOf(body)). */
  etag?: string;
  contentType: string;
  answer: Pick<BadgeAnswer, 'cache' | 'source' | 'reportId'>;
  extraHeaders?: Record<string, string>;
}

/** The headers of the 200 answer, the content type included. */
export function badgeHeaders(init: BadgeResponseInit): Headers {
  const etag = init.etag ?? etagOf(init.body);
  const { maxAgeSeconds, staleWhileRevalidateSeconds } = init.answer.cache;
  const headers = new Headers({
    etag,
    'cache-control': `public, max-age=${maxAgeSeconds}, stale-while-revalidate=${staleWhileRevalidateSeconds}`,
    'x-content-type-options': 'nosniff',
    // Where the status came from: stored, checked, stale or none (for people debugging a badge).
    'x-zonecut-badge-source': init.answer.source,
    ...init.extraHeaders,
  });
  if (init.answer.reportId) headers.set('x-zonecut-report', init.answer.reportId);
  headers.set('content-type', init.contentType);
  return headers;
}

/** What a 304 carries: the 200's headers but those that describe the body it does not send. */
export function notModifiedHeaders(headers: Headers): Headers {
  const kept = new Headers(headers);
  kept.delete('content-type');
  kept.delete('content-length');
  return kept;
}

export function badgeResponse(request: Request, init: BadgeResponseInit): Response {
  const headers = badgeHeaders(init);
  if (matchesIfNoneMatch(request.headers.get('if-none-match'), headers.get('etag')!)) {
    return new Response(null, { status: 304, headers: notModifiedHeaders(headers) });
  }
  return new Response(init.bytes ?? init.body, { status: 200, headers });
}
