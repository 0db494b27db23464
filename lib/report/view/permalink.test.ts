import { describe, expect, it } from 'vitest';
import { badgeTone, countsText, displayName, permalinkMeta, timeAgo } from '@/lib/report/view/permalink';

const now = new Date('2026-11-22T12:00:00.000Z');

describe('lib/report/view/permalink', () => {
  it('says how long ago', () => {
    expect(timeAgo('2026-11-22T11:59:40.000Z', now)).toBe('just now');
    expect(timeAgo('2026-11-22T11:59:00.000Z', now)).toBe('1 minute ago');
    expect(timeAgo('2026-11-22T11:15:00.000Z', now)).toBe('45 minutes ago');
    expect(timeAgo('2026-11-22T09:00:00.000Z', now)).toBe('3 hours ago');
    expect(timeAgo('2026-11-18T12:00:00.000Z', now)).toBe('4 days ago');
    expect(timeAgo('garbage', now)).toBe('just now');
  });

  it('counts and tones', () => {
    expect(countsText({ error: 2, warning: 1, notice: 0, info: 3 })).toBe('2 errors, 1 warning, 3 info');
    expect(countsText({ error: 0, warning: 0, notice: 0, info: 0 })).toBe('no findings');
    expect(badgeTone('unknown')).toBe('muted');
    expect(badgeTone('error')).toBe('error');
    expect(displayName('lame.test.')).toBe('lame.test');
    expect(displayName('.')).toBe('.');
  });

  it('titles and describes a permalink', () => {
    expect(
      permalinkMeta({
        domain: 'lame.test.',
        badge: { message: '1 warning' },
        counts: { error: 0, warning: 1, notice: 0, info: 0 },
        createdAt: '2026-11-22T11:00:00.000Z',
      }),
    ).toEqual({ title: 'lame.test: 1 warning', description: 'DNS delegation check of lame.test: 1 warning. Taken 2026-11-22 11:00 UTC by zonecut.' });
  });
});
