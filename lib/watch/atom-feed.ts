// Atom (RFC 4287) feeds of watch events: one per watch (by its public id, never the management
// token) and one per domain (every watch's events of it). Each entry is one event: what changed,
// linking the comparison of the run with the one before, and the report itself. Every text and
// attribute is XML-escaped: domain names, finding summaries and URLs all come from strangers.
import { CHANGE_WORDS, describeChange } from '@/lib/watch/watch-change';
import { comparePath, reportPath } from '@/lib/watch/watch-links';
import type { WatchEvent } from '@/lib/watch/watch-store';

export const ATOM_CONTENT_TYPE = 'application/atom+xml; charset=utf-8';

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escapes text for XML content or a quoted attribute, and drops characters XML 1.0 cannot carry. */
export function xmlEscape(text: string): string {
  return text.replace(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '').replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);
}

export interface FeedInput {
  /** The feed's own absolute URL: its id and rel="self". */
  selfUrl: string;
  /** The page the feed is about (rel="alternate"). */
  pageUrl: string;
  title: string;
  /** Absolute origin that entry links are made on. */
  origin: string;
  /** Newest first. */
  events: readonly WatchEvent[];
  /** `updated` when there is no event yet (when the watch was made, or now). */
  emptyUpdated: string;
}

export function eventTitle(event: WatchEvent): string {
  const kinds = [...new Set(event.changes.map((c) => CHANGE_WORDS[c.kind]))];
  return `${event.domain.replace(/\.$/, '')}: ${kinds.length > 0 ? kinds.join(', ') : 'changed'} (${event.status})`;
}

export function renderAtomFeed(input: FeedInput): string {
  const e = xmlEscape;
  const updated = input.events[0]?.createdAt ?? input.emptyUpdated;
  const entries = input.events.map((event) => {
    const compare = `${input.origin}${comparePath(event.reportId, event.previousReportId)}`;
    const report = `${input.origin}${reportPath(event.reportId)}`;
    const lines = event.changes.map(describeChange);
    return [
      '  <entry>',
      `    <id>${e(compare)}</id>`,
      `    <title>${e(eventTitle(event))}</title>`,
      `    <updated>${e(event.createdAt)}</updated>`,
      `    <link rel="alternate" type="text/html" href="${e(compare)}"/>`,
      `    <link rel="related" type="text/html" href="${e(report)}"/>`,
      `    <summary type="text">${e(lines.join('\n'))}</summary>`,
      '  </entry>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${e(input.selfUrl)}</id>`,
    `  <title>${e(input.title)}</title>`,
    `  <updated>${e(updated)}</updated>`,
    '  <author><name>zonecut</name></author>',
    `  <link rel="self" type="application/atom+xml" href="${e(input.selfUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${e(input.pageUrl)}"/>`,
    '  <generator>zonecut</generator>',
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
