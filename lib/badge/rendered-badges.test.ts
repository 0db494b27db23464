import { describe, expect, it } from 'vitest';
import { etagOf } from '@/lib/badge/badge-response';
import { createRenderedBadges } from '@/lib/badge/rendered-badges';
import { renderBadgeSvg } from '@/lib/report/render-badge';

const OK = { status: 'ok', message: 'ok' } as const;
const WARN = { status: 'warning', message: '2 warnings' } as const;

describe('createRenderedBadges', () => {
  it('renders what renderBadgeSvg renders, with its ETag, and keeps it', () => {
    const badges = createRenderedBadges();
    const first = badges.get(OK, { label: 'zone', style: 'flat-square' });
    expect(first.body).toBe(renderBadgeSvg(OK, { label: 'zone', style: 'flat-square' }));
    expect(first.etag).toBe(etagOf(first.body));
    expect(new TextDecoder().decode(first.bytes)).toBe(first.body);
    expect(badges.get(OK, { label: 'zone', style: 'flat-square' })).toBe(first);
    expect(badges.size).toBe(1);
  });

  it('keeps status, message, label and style apart', () => {
    const badges = createRenderedBadges();
    const bodies = new Set([
      badges.get(OK).body,
      badges.get(WARN).body,
      badges.get({ status: 'warning', message: '3 warnings' }).body,
      badges.get(OK, { label: 'other' }).body,
      badges.get(OK, { style: 'for-the-badge' }).body,
    ]);
    expect(bodies.size).toBe(5);
  });

  it('holds at most maxEntries renderings, the least recently used dropped first', () => {
    const badges = createRenderedBadges(2);
    const a = badges.get(OK, { label: 'a' });
    const b = badges.get(OK, { label: 'b' });
    expect(badges.get(OK, { label: 'a' })).toBe(a);
    badges.get(OK, { label: 'c' });
    expect(badges.size).toBe(2);
    expect(badges.get(OK, { label: 'a' })).toBe(a);
    // b went: rendered again, an equal but new object.
    const again = badges.get(OK, { label: 'b' });
    expect(again).not.toBe(b);
    expect(again).toEqual(b);
  });
});
