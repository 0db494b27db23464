import { describe, expect, it } from 'vitest';
import { assertWellFormedXml } from '@/lib/report/test-xml';
import { renderAtomFeed, xmlEscape } from '@/lib/watch/atom-feed';
import type { WatchEvent } from '@/lib/watch/watch-store';

const hostile = 'evil<script>&"\'\u0001.test.';
const event: WatchEvent = {
  id: 'e'.repeat(20),
  watchId: 'w'.repeat(20),
  domain: hostile,
  createdAt: '2026-12-03T12:05:00.000Z',
  reportId: 'b'.repeat(20),
  previousReportId: 'a'.repeat(20),
  status: 'ok',
  changes: [
    { kind: 'parent-ns', added: ['ns3.x.test.'], removed: ['ns2.x.test.'] },
    { kind: 'findings', added: [], resolved: [{ key: 'k', code: 'ns.mismatch', severity: 'warning', summary: '<b>NS</b> & more' }] },
  ],
  delivery: 'none',
};

const feed = (events: WatchEvent[]) =>
  renderAtomFeed({
    selfUrl: 'http://localhost:3000/watch/w/feed.xml?a=1&b=2',
    pageUrl: 'http://localhost:3000/domain/x.test',
    title: `zonecut: changes to ${hostile}`,
    origin: 'http://localhost:3000',
    events,
    emptyUpdated: '2026-12-03T12:00:00.000Z',
  });

describe('renderAtomFeed', () => {
  it('is well-formed XML with what Atom requires (id, title, updated, author, entries with id/title/updated/link)', () => {
    const xml = feed([event]);
    assertWellFormedXml(xml.replace(/^<\?xml[^>]*\?>\n/, ''));
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
    const head = xml.slice(0, xml.indexOf('<entry>'));
    for (const tag of ['<id>', '<title>', '<updated>2026-12-03T12:05:00.000Z</updated>', '<author>', 'rel="self"']) expect(head).toContain(tag);
    const entry = xml.slice(xml.indexOf('<entry>'));
    expect(entry).toContain(`<id>http://localhost:3000/r/${'b'.repeat(20)}/compare/${'a'.repeat(20)}</id>`);
    expect(entry).toContain(`<link rel="related" type="text/html" href="http://localhost:3000/r/${'b'.repeat(20)}"/>`);
    expect(entry).toContain('NS at the parent: + ns3.x.test. − ns2.x.test.');
  });

  it('escapes everything from DNS or the user', () => {
    const xml = feed([event]);
    expect(xml).not.toContain('<script>');
    expect(xml).not.toContain('\u0001');
    expect(xml).toContain('evil&lt;script&gt;&amp;&quot;&apos;.test');
    expect(xml).toContain('feed.xml?a=1&amp;b=2');
  });

  it('an empty feed is still valid: updated from the given time, no entry', () => {
    const xml = feed([]);
    assertWellFormedXml(xml.replace(/^<\?xml[^>]*\?>\n/, ''));
    expect(xml).toContain('<updated>2026-12-03T12:00:00.000Z</updated>');
    expect(xml).not.toContain('<entry>');
  });

  it('xmlEscape', () => {
    expect(xmlEscape(`a&b<c>"d"'e'`)).toBe('a&amp;b&lt;c&gt;&quot;d&quot;&apos;e&apos;');
  });
});
