// The outcome note's words must hold for every way its outcome comes about.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { OutcomeNote } from '@/components/report/outcome-note';

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&#x27;|&apos;/g, "'")
    .replace(/\s+/g, ' ');

describe('OutcomeNote', () => {
  it('no-server-asked: does not claim no address was learnt, as addresses refused by the policy or untested IPv6 end there too', () => {
    const words = text(renderToStaticMarkup(createElement(OutcomeNote, { note: { kind: 'no-server-asked', zone: 'stranded.test.' } })));
    expect(words).toContain('stranded.test.');
    expect(words).not.toMatch(/not one address .* could be learnt/);
    expect(words).toMatch(/no address of theirs was learnt/);
    expect(words).toMatch(/refused by this server's address policy/);
    expect(words).toMatch(/IPv6, which this host does not reach/);
  });
});
