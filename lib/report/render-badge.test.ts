import { describe, expect, it } from 'vitest';
import { BADGE_COLORS, type Badge } from '@/lib/report/badge-status';
import { cleanBadgeLabel, MAX_BADGE_LABEL, renderBadgeSvg, shieldsEndpoint } from '@/lib/report/render-badge';
import { assertWellFormedXml } from '@/lib/report/test-xml';

const error: Badge = { status: 'error', message: '2 errors' };

describe('renderBadgeSvg', () => {
  it.each([
    ['ok', 'ok', '#4b0'],
    ['warning', '1 warning', '#d8b800'],
    ['error', '3 errors', '#dd4343'],
    ['unknown', 'unknown', '#939393'],
  ] as const)('%s: says %s in its colour', (status, message, fill) => {
    const svg = renderBadgeSvg({ status, message });
    assertWellFormedXml(svg);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain(`aria-label="DNS: ${message}"`);
    expect(svg).toContain(`<title>DNS: ${message}</title>`);
    expect(svg).toContain(`fill="${fill}"`);
    expect(BADGE_COLORS[status]).toBeTruthy();
  });

  it.each(['flat', 'flat-square', 'for-the-badge'] as const)('renders the %s style', (style) => {
    const svg = renderBadgeSvg(error, { style, label: 'zone' });
    assertWellFormedXml(svg);
    expect(svg).toContain(style === 'for-the-badge' ? 'ZONE' : 'zone');
  });

  it.each([
    ['<script>alert(1)</script>'],
    ['a & b <img src=x onerror=alert(1)> "quoted" \'single\''],
    ['</text></g></svg><svg onload=alert(1)>'],
    ['&amp; &#x3c; &lt;script&gt;'],
    ['\u0000\u0001nul\u0007 \u001b[31mred'],
    ['\u202eevil\u202c right-to-left'],
    ['lone \ud800 surrogate \udfff'],
    ['ünïcödé 名前 🚀'],
  ])('a hostile label %j stays text in well-formed XML with no script', (label) => {
    const svg = renderBadgeSvg(error, { label });
    assertWellFormedXml(svg);
    expect(svg.match(/<svg/g)).toHaveLength(1);
    expect(svg).not.toMatch(/<(script|img|foreignObject|a)\b/i);
    // Every `<` left is a real tag (the check above): none of them is a script or has a handler.
    for (const [, name, value] of svg.matchAll(/\s([\w:.-]+)="([^"]*)"/g)) {
      expect(name).not.toMatch(/^on|^href$|:href$/i);
      expect(value).not.toMatch(/^\s*javascript:/i);
    }
  });
});

describe('cleanBadgeLabel', () => {
  it.each([
    [undefined, 'DNS'],
    ['', 'DNS'],
    ['   ', 'DNS'],
    ['\u0000\u0001', 'DNS'],
    ['  my   zone  ', 'my zone'],
    ['a\u202eb', 'a b'],
    ['x\ud800y', 'x\ufffdy'],
  ])('%j → %j', (input, expected) => {
    expect(cleanBadgeLabel(input)).toBe(expected);
  });
  it(`keeps at most ${MAX_BADGE_LABEL} characters, counting code points`, () => {
    expect([...cleanBadgeLabel('🚀'.repeat(100))]).toHaveLength(MAX_BADGE_LABEL);
  });
});

describe('shieldsEndpoint', () => {
  it('gives shields.io what its endpoint badge reads', () => {
    expect(shieldsEndpoint(error)).toEqual({ schemaVersion: 1, label: 'DNS', message: '2 errors', color: 'red', cacheSeconds: 300 });
    expect(shieldsEndpoint({ status: 'ok', message: 'ok' }, { label: 'my\u0000dns', cacheSeconds: 3600 })).toEqual({
      schemaVersion: 1,
      label: 'my dns',
      message: 'ok',
      color: 'brightgreen',
      cacheSeconds: 3600,
    });
    expect(shieldsEndpoint(error, { cacheSeconds: 10 }).cacheSeconds).toBe(300);
  });
});

describe('assertWellFormedXml', () => {
  it.each(['<a><b></a></b>', '<a>x & y</a>', '<a x="<"/>', '<a/><b/>', '<a>\u0001</a>', '<a x="1" x="2"/>', '<a>'])('rejects %j', (xml) => {
    expect(() => assertWellFormedXml(xml)).toThrow();
  });
  it('accepts a plain document', () => {
    expect(() => assertWellFormedXml('<a x="1"><b/>t &amp; &#60; &#x3C;</a>')).not.toThrow();
  });
});
