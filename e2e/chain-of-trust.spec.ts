import { expect, test, type Page } from '@playwright/test';
import { keepOffTheInternet, openCheck } from './support';

/** Check a signed lab zone, then open its permalink: the report as the server renders it. */
async function openReport(page: Page, name: string): Promise<void> {
  await keepOffTheInternet(page);
  await openCheck(page, name);
  const link = page.getByTestId('permalink');
  await expect(link).toHaveText(/\/r\/[A-Za-z0-9_-]{20}$/);
  await page.goto(new URL((await link.textContent()) ?? '').pathname);
}

test.describe('the chain of trust', () => {
  test('a signed zone: every zone from the root, every link with its status and the signatures behind it', async ({ page }) => {
    await openReport(page, 'healthy.test');
    const chain = page.getByRole('region', { name: 'Chain of trust' });
    await expect(chain).toContainText(/counted from the check time, \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    const zones = chain.getByRole('list', { name: 'Zones from the root down' }).locator(':scope > li');
    await expect(zones).toHaveCount(3);
    // Root first, each zone's heading saying its status in words.
    for (const [i, zone] of ['.', 'test.', 'healthy.test.'].entries()) {
      await expect(zones.nth(i).getByRole('heading', { level: 4 })).toHaveText(new RegExp(`^${zone.replace(/\./g, '\\.')}\\s*secure$`));
    }
    const root = chain.getByRole('article', { name: /^\.\s*secure/ });
    await expect(root.getByRole('heading', { level: 5, name: 'Trust anchor' })).toBeVisible();

    const target = chain.getByRole('article', { name: /^healthy\.test\.\s*secure/ });
    const links = target.getByRole('list', { name: 'Links of the chain for healthy.test.' }).locator(':scope > li');
    await expect(links).toHaveCount(4);
    await expect(links.nth(0).getByRole('heading', { level: 5 })).toHaveText('DS in test.');
    await expect(links.nth(0)).toContainText('secure: a signed DS set in test.');
    await expect(links.nth(1)).toContainText(/DS \d+ \d+ \d+ [0-9A-F]+/i);
    await expect(links.nth(1)).toContainText(/secure: key \d+ signs the DNSKEY set/);

    // The SOA as its servers served it: open it and read a signature's tag, algorithm and window.
    const soa = links.nth(3).locator('details', { hasText: 'healthy.test. SOA' });
    await soa.locator('summary').click();
    await expect(soa).toHaveAttribute('open', '');
    const signature = soa.getByTestId('signature').first();
    await expect(signature).toContainText(/RRSIG SOA by key \d+ · \S+ \(\d+\)/);
    await expect(signature).toContainText(/valid \d{4}-\d\d-\d\d \d\d:\d\d UTC to \d{4}-\d\d-\d\d \d\d:\d\d UTC · expires in (\d+ days?|less than a day)/);
    await expect(signature).toContainText('valid');

    // The responses behind a link open in the evidence panel.
    await target
      .getByRole('button', { name: /^Responses \(\d+\)$/ })
      .first()
      .click();
    await expect(page.getByRole('complementary', { name: 'Evidence' })).toContainText('Chain of trust of healthy.test.');
  });

  test('at 375 px the chain is a stack: no horizontal scroll, signatures open', async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 740 });
    await openReport(page, 'healthy.test');
    const chain = page.getByRole('region', { name: 'Chain of trust' });
    // Open every RRset of the target so the widest content (digests, server lists) is laid out.
    const target = chain.getByRole('article', { name: /^healthy\.test\./ });
    const closed = target.locator('details:not([open]) > summary');
    expect(await closed.count()).toBeGreaterThan(0);
    while ((await closed.count()) > 0) await closed.first().click();
    await expect(target.getByTestId('signature').first()).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const box = await chain.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 375).toBe(true);
  });
});
