import { expect, test, type Page } from '@playwright/test';
import { keepOffTheInternet, openCheck } from './support';

/** Check a lab name in the page and return its permalink (absolute) once it is stored. */
async function checkAndPermalink(page: Page, name: string): Promise<string> {
  await keepOffTheInternet(page);
  await openCheck(page, name);
  const link = page.getByTestId('permalink');
  await expect(link).toHaveText(/\/r\/[A-Za-z0-9_-]{20}$/);
  return (await link.textContent()) ?? '';
}

test.describe('permalinks', () => {
  test('a check gets a permalink that shows the same report', async ({ page, context, baseURL }) => {
    const url = await checkAndPermalink(page, 'healthy.test');
    expect(url.startsWith(`${baseURL}/r/`)).toBe(true);
    const status = await page.getByTestId('overall-status').textContent();
    const findings = await page.getByRole('heading', { name: /^Findings \(\d+\)$/ }).textContent();

    const other = await context.newPage();
    const response = await other.goto(url);
    expect(response?.status()).toBe(200);
    await expect(other.getByRole('heading', { level: 1, name: 'healthy.test' })).toBeVisible();
    await expect(other.getByTestId('overall-status')).toHaveText(status ?? '');
    await expect(other.getByRole('heading', { name: findings ?? '' })).toBeVisible();
    await expect(other.getByText(/^taken at \d{4}-\d\d-\d\dT/)).toBeVisible();
    await expect(other.getByTestId('report-age')).toHaveText(/^checked (just now|\d+ minutes? ago)$/);
    await expect(other.getByRole('link', { name: 'Check again' })).toHaveAttribute('href', '/check/healthy.test');
    // Unfurls: Open Graph and Twitter tags with the domain and status.
    await expect(other.locator('meta[property="og:title"]')).toHaveAttribute('content', 'healthy.test: ok');
    await expect(other.locator('meta[name="twitter:title"]')).toHaveAttribute('content', 'healthy.test: ok');
    await expect(other.locator('meta[property="og:description"]')).toHaveAttribute('content', /healthy\.test/);

    // The embed panel: Markdown, HTML and URL of the badge, linking to the domain's page.
    const badge = `${baseURL}/badge/healthy.test.svg`;
    await expect(other.getByTestId('embed-markdown')).toHaveText(`[![DNS](${badge})](${baseURL}/domain/healthy.test)`);
    await expect(other.getByTestId('embed-html')).toHaveText(
      `<a href="${baseURL}/domain/healthy.test"><img src="${badge}" alt="DNS status of healthy.test"></a>`,
    );
    await expect(other.getByTestId('embed-url')).toHaveText(badge);
    // …and on the live page too, once stored.
    await expect(page.getByTestId('embed-url')).toHaveText(badge);
  });

  test('an unknown or malformed id is a real 404 page', async ({ page }) => {
    for (const id of ['AAAAAAAAAAAAAAAAAAAA', 'not-an-id']) {
      const response = await page.goto(`/r/${id}`);
      expect(response?.status()).toBe(404);
      await expect(page.getByRole('heading', { level: 1, name: 'Not found' })).toBeVisible();
    }
  });

  test('the history page lists the reports of a domain, newest first', async ({ page }) => {
    const first = await checkAndPermalink(page, 'single-ns.test');
    const second = await checkAndPermalink(page, 'single-ns.test');
    await page.goto('/domain/single-ns.test');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('History of single-ns.test');
    const rows = page.getByTestId('history-row');
    expect(await rows.count()).toBeGreaterThanOrEqual(2);
    const hrefs = await rows.locator('a[href^="/r/"]:not([href*="compare"])').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs.indexOf(new URL(second).pathname)).toBeLessThan(hrefs.indexOf(new URL(first).pathname));
    await expect(page.getByRole('list', { name: 'Status of each report, oldest first' }).getByRole('listitem').first()).toBeVisible();
  });
});
