import { describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/api/api-error';
import { parseCheckQuery } from '@/lib/api/parse-check-query';

const parse = (query: string) => parseCheckQuery(new URL(`http://localhost/api/check${query}`));

function codeOf(query: string): string {
  try {
    parse(query);
  } catch (err) {
    if (err instanceof ApiError) return err.code;
    throw err;
  }
  return 'ok';
}

describe('parseCheckQuery', () => {
  it.each([
    ['?domain=Example.COM.', 'example.com'],
    [`?domain=${encodeURIComponent('https://www.example.com/path?q=1')}`, 'www.example.com'],
    [`?domain=${encodeURIComponent('bücher.de')}`, 'xn--bcher-kva.de'],
    ['?domain=healthy.test&domain=lame.test', 'healthy.test'],
  ])('%s → %s', (query, domain) => {
    expect(parse(query)).toEqual({ domain });
  });

  it.each([
    ['', 'bad-request'],
    ['?domain', 'empty'],
    ['?domain=a..b', 'empty-label'],
    ['?domain=me@example.com', 'email-address'],
    [`?domain=${'a'.repeat(3000)}`, 'bad-request'],
  ])('%s → %s', (query, code) => {
    expect(codeOf(query)).toBe(code);
  });
});
