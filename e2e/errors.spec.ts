import { expect, test } from '@playwright/test';
import { ESCAPED_NAME_SHOWN, MARKUP_NAME, markupStream, rootUnreachableStream } from './fixtures';
import { item, tree } from './support';

const NDJSON = { 'content-type': 'application/x-ndjson' };
const streamOf = (domain: string) => (url: URL) => url.pathname === '/api/check/stream' && url.searchParams.get('domain') === domain;

test.describe('when a check cannot be done', () => {
  test('no route to the root servers: a clear message that suggests the lab', async ({ page }) => {
    await page.route(streamOf('example.com'), (route) => route.fulfill({ status: 200, headers: NDJSON, body: rootUnreachableStream() }));
    await page.goto('/check/example.com');
    const alert = page.getByRole('alert').filter({ hasText: 'The root servers could not be reached' });
    await expect(alert).toBeVisible();
    await expect(alert).toContainText('no route to the internet');
    await expect(alert.getByRole('link', { name: 'healthy.test' })).toHaveAttribute('href', '/check/healthy.test');
    await expect(page.getByTestId('overall-status')).toHaveText('Unknown');
    await expect(tree(page)).toHaveCount(0);
    await expect(page.getByText('not even the root answered')).toBeVisible();
  });

  test('an error from the server is shown with a way to try again', async ({ page }) => {
    await page.route(streamOf('odd.test'), (route) => route.fulfill({ status: 200, headers: NDJSON, body: markupStream() }));
    await page.goto('/check/odd.test');
    const failed = page.getByRole('alert').filter({ hasText: 'The check did not complete' });
    await expect(failed).toContainText('<b>not bold</b>');
    await expect(failed.getByRole('button', { name: 'Try again' })).toBeVisible();
  });

  test('names from DNS data are text, never markup', async ({ page }) => {
    await page.route(streamOf('odd.test'), (route) => route.fulfill({ status: 200, headers: NDJSON, body: markupStream() }));
    await page.goto('/check/odd.test');
    await expect(item(page, 'NS', MARKUP_NAME)).toContainText(MARKUP_NAME);
    await expect(item(page, 'NS', ESCAPED_NAME_SHOWN)).toContainText(ESCAPED_NAME_SHOWN);
    await expect(page.locator('main img, main script, main b')).toHaveCount(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await expect(page.getByTestId('chain-diagram')).toContainText(ESCAPED_NAME_SHOWN);
  });
});
