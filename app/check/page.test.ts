import { describe, expect, it } from 'vitest';
import CheckFormTarget from './page';

/** Where the page redirects: Next's redirect() throws an error whose digest carries the location. */
async function location(domain: string | string[] | undefined): Promise<string> {
  try {
    await CheckFormTarget({ searchParams: Promise.resolve({ domain }) });
  } catch (err) {
    const digest = String((err as { digest?: unknown }).digest ?? '');
    if (digest.startsWith('NEXT_REDIRECT')) return digest.split(';')[2] ?? '';
    throw err;
  }
  throw new Error('no redirect');
}

describe('GET /check?domain=', () => {
  it("sends the typed name to its check page, encoded, for that page's validation", async () => {
    expect(await location(' healthy.test ')).toBe('/check/healthy.test');
    expect(await location('a b/c')).toBe('/check/a%20b%2Fc');
  });

  it('sends an empty or repeated parameter home', async () => {
    expect(await location('')).toBe('/');
    expect(await location(undefined)).toBe('/');
    expect(await location(['a.test', 'b.test'])).toBe('/');
  });
});
