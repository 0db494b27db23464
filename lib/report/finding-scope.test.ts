// Whose finding is it: the domain's (counted) or an ancestor's (context)? Decided by zone.
import { describe, expect, it } from 'vitest';
import type { Capture, ZoneCut } from '@/lib/dns/capture';
import { contextFindingTest, judgedZones } from '@/lib/report/finding-scope';

const cut = (zone: string): ZoneCut => ({ zone, parent: null, parentNs: [], childNs: [], nameservers: [], isTarget: false });
const capture = (fields: Partial<Pick<Capture, 'target' | 'targetZone' | 'cnames'>> & { cuts: string[] }) => ({
  target: fields.target ?? 'www.shop.example.',
  targetZone: fields.targetZone === undefined ? 'shop.example.' : fields.targetZone,
  cnames: fields.cnames ?? [],
  cuts: fields.cuts.map(cut),
});

describe('contextFindingTest', () => {
  it('the root and the TLD are context; the target zone (its delegation included) and names below are not', () => {
    const isContext = contextFindingTest(capture({ cuts: ['.', 'example.', 'shop.example.'] }));
    expect(isContext({ zone: '.' })).toBe(true);
    expect(isContext({ zone: 'EXAMPLE.' })).toBe(true);
    expect(isContext({ zone: 'shop.example.' })).toBe(false);
    expect(isContext({ zone: 'www.shop.example.' })).toBe(false);
    expect(isContext({ zone: 'other.example.' })).toBe(false);
  });

  it('without a target zone (no delegation), the deepest zone reached is the one judged', () => {
    const c = capture({ target: 'a.gone.example.', targetZone: null, cuts: ['.', 'example.'] });
    expect([...judgedZones(c)]).toEqual(['example.']);
    const isContext = contextFindingTest(c);
    expect(isContext({ zone: 'gone.example.' })).toBe(false); // delegation.missing names the missing name
    expect(isContext({ zone: 'example.' })).toBe(false);
    expect(isContext({ zone: '.' })).toBe(true);
  });

  it("an alias target's zone is judged too, its parents are context", () => {
    const c = capture({
      cuts: ['.', 'example.', 'shop.example.', 'net.', 'cdn.net.'],
      cnames: [{ name: 'www.shop.example.', target: 'edge.cdn.net.', observationId: 'q1' }],
    });
    expect([...judgedZones(c)].sort()).toEqual(['cdn.net.', 'shop.example.']);
    const isContext = contextFindingTest(c);
    expect(isContext({ zone: 'cdn.net.' })).toBe(false);
    expect(isContext({ zone: 'net.' })).toBe(true);
  });
});
