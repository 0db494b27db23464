// Two reports of csync-pending.test, before and after the lab's parent applies its CSYNC (the
// test-only switch POST /api/lab/switch): the compare page shows the NS change and the findings
// it resolved. Runs in the `lab-switch` project, alone, after the rest (playwright.config.ts).
import { expect, test, type Page } from '@playwright/test';
import { keepOffTheInternet, openCheck } from './support';

async function permalink(page: Page, name: string): Promise<string> {
  await openCheck(page, name);
  const link = page.getByTestId('permalink');
  await expect(link).toHaveText(/\/r\/[A-Za-z0-9_-]{20}$/);
  return new URL((await link.textContent()) ?? '').pathname;
}

test.describe('compare', () => {
  test.afterEach(async ({ request }) => {
    await request.post('/api/lab/switch', { data: { scenario: 'csync-pending', state: 'original' } });
  });

  test('csync-pending.test before and after the parent follows its CSYNC', async ({ page, request }) => {
    await keepOffTheInternet(page);
    const before = await permalink(page, 'csync-pending.test');
    const flipped = await request.post('/api/lab/switch', { data: { scenario: 'csync-pending', state: 'applied' } });
    expect(flipped.status()).toBe(200);
    const after = await permalink(page, 'csync-pending.test');
    expect(after).not.toBe(before);

    await page.goto(`${after}/compare/${before.slice('/r/'.length)}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('What changed in csync-pending.test');
    const parent = page.getByTestId('cut-parent-csync-pending.test.');
    await expect(parent.locator('[data-change=removed]')).toHaveText(['removed: − ns2.csync-pending.test.']);
    await expect(parent.locator('[data-change=added]')).toHaveText(['added: + ns3.csync-pending.test.']);
    const resolved = page.getByTestId('findings-resolved');
    await expect(resolved).toContainText('ns.mismatch');
    await expect(resolved).toContainText('csync.pending');

    // The history lists both, with a link to compare them.
    await page.goto('/domain/csync-pending.test');
    await expect(page.getByTestId('history-row').first().locator(`a[href="${after}"]`)).toBeVisible();
    await expect(page.getByRole('link', { name: 'Compare the two newest reports' })).toHaveAttribute('href', `${after}/compare/${before.slice('/r/'.length)}`);
  });
});
