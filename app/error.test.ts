// The error boundary says what happened in words, offers a retry, and never shows the error's text.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import RouteError from '@/app/error';

describe('app/error', () => {
  it('is an alert with a retry button and the digest, without the internal message', () => {
    const error = Object.assign(new Error('ECONNREFUSED /var/lib/zonecut/reports.db'), { digest: '1234567' });
    const html = renderToStaticMarkup(createElement(RouteError, { error, retry: () => {} }));
    expect(html).toContain('role="alert"');
    expect(html).toMatch(/<button type="button"[^>]*>Try again<\/button>/);
    expect(html).toContain('1234567');
    expect(html).not.toContain('ECONNREFUSED');
  });
  it('renders a thrown non-Error without a reference', () => {
    const html = renderToStaticMarkup(createElement(RouteError, { error: 'boom', retry: () => {} }));
    expect(html).toContain('Something went wrong');
    expect(html).not.toContain('Error reference');
  });
});
