import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { keepOffTheInternet } from './support';

test.describe('scans', () => {
  test('a scan started on the page shows its progress, results and exports', async ({ page }) => {
    await keepOffTheInternet(page);
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    await page.goto('/scans');
    await page.getByLabel('Names, one per line').fill('healthy.test\ncds-rollover.test\nHEALTHY.TEST\nds-mismatch.test\n<img src=x onerror=alert(1)>\n');
    await page.getByRole('button', { name: 'Start the scan' }).click();
    await page.waitForURL(/\/scans\/[A-Za-z0-9_-]{20}$/);

    // The app works the jobs itself (the embedded database): the page polls until all are done.
    await expect(page.getByRole('heading', { name: 'Finished' })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('scan-done')).toHaveText(/^4 of 4 names done \(100%\) · 1 without a report \(1 not domain names\)/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Scan of 4 names');
    await expect(page.getByText('1 duplicate left out')).toBeVisible();
    await expect(page.getByTestId('scan-status-error')).toHaveText('1'); // ds-mismatch.test
    await expect(page.getByRole('cell', { name: 'cds.pending', exact: true })).toBeVisible();

    // The table, in the order given; the markup is text, never HTML.
    const rows = page.getByRole('region', { name: 'Results' }).getByRole('row');
    await expect(rows.nth(1)).toContainText('healthy.test');
    await expect(page.getByRole('cell', { name: '<img src=x onerror=alert(1)>' })).toBeVisible();
    expect(await page.locator('img[src="x"]').count()).toBe(0);

    // Exports: the CSV downloads with a row per entry.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Results as CSV' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('name,state,status,errors,warnings,notices,infos,codes,report,error');
    expect(csv).toMatch(/\r\nhealthy\.test,done,ok,0,/);
    expect(csv).toContain('\r\n<img src=x onerror=alert(1)>,invalid,');
    const changes = await page.request.get((await page.getByRole('link', { name: /Change set/ }).getAttribute('href'))!);
    expect(((await changes.json()) as { children: { name: string }[] }).children.map((c) => c.name)).toEqual(['cds-rollover.test']);

    // Each result links its report.
    await rows.nth(1).getByRole('link', { name: 'report' }).click();
    await page.waitForURL(/\/r\/[A-Za-z0-9_-]{20}$/);
    await expect(page.getByRole('heading', { level: 1, name: 'healthy.test' })).toBeVisible();
    expect(dialogs).toBe(0);
  });

  test('a bad list is refused on the page with the reason', async ({ page }) => {
    await page.goto('/scans');
    await page.getByLabel('Names, one per line').fill('{"names": 3}');
    await page.getByRole('button', { name: 'Start the scan' }).click();
    await expect(page.locator('form').getByRole('alert')).toHaveText('The JSON body must be an array of names, or {"names": [...]}');
    await expect(page).toHaveURL(/\/scans$/);
  });
});
