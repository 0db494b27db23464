// Badge SVGs rendered once per (status, message, label, style) and served from memory with their
// ETag: rendering (badge-maker measures every character's width) and hashing cost more than the
// rest of a stored-status badge request. Labels come from the query string, so the memory is
// bounded: the least recently used rendering goes first.
import { etagOf } from '@/lib/badge/badge-response';
import type { Badge } from '@/lib/report/badge-status';
import { renderBadgeSvg, type RenderBadgeOptions } from '@/lib/report/render-badge';

export interface RenderedBadge {
  body: string;
  /** The body as UTF-8: encoded once, not per response. */
  bytes: Uint8Array<ArrayBuffer>;
  etag: string;
}

export interface RenderedBadges {
  get(badge: Badge, options?: RenderBadgeOptions): RenderedBadge;
  readonly size: number;
}

export function createRenderedBadges(maxEntries = 1000): RenderedBadges {
  const held = new Map<string, RenderedBadge>();
  return {
    get(badge, options = {}) {
      const key = JSON.stringify([badge.status, badge.message, options.label ?? null, options.style ?? 'flat']);
      let rendered = held.get(key);
      if (rendered) held.delete(key);
      else {
        const body = renderBadgeSvg(badge, options);
        rendered = { body, bytes: new Uint8Array(Buffer.from(body, 'utf8')), etag: etagOf(body) };
        while (held.size >= Math.max(1, maxEntries)) {
          const oldest = held.keys().next().value;
          if (oldest === undefined) break;
          held.delete(oldest);
        }
      }
      held.set(key, rendered); // most recently used last
      return rendered;
    },
    get size() {
      return held.size;
    },
  };
}

/** The process's one memory of rendered badges (app/badge/[domain]/route.ts). */
export const renderedBadges = createRenderedBadges();
