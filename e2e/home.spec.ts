import { expect, test } from '@playwright/test';

test.describe('home page', () => {
  test('the domain field is focused and a valid name goes to its check page', async ({ page }) => {
    await page.goto('/');
    const field = page.getByLabel('Domain', { exact: true });
    await expect(field).toBeFocused();
    await field.fill('https://www.Example.COM:8443/path?q');
    await field.press('Enter');
    await expect(page).toHaveURL(/\/check\/www\.example\.com$/);
    await expect(page.getByRole('heading', { name: 'www.example.com' })).toBeVisible();
  });

  test('an IDN is shown in its A-label form', async ({ page }) => {
    await page.goto('/');
    await page.getByLabel('Domain', { exact: true }).fill('bücher.de');
    await page.getByRole('button', { name: 'Check' }).click();
    await expect(page).toHaveURL(/\/check\/xn--bcher-kva\.de$/);
  });

  test('bad input gets a message next to the field and stays on the page', async ({ page }) => {
    await page.goto('/');
    const field = page.getByLabel('Domain', { exact: true });
    // Next.js has its own role=alert (the route announcer): take the form's.
    const message = page.getByRole('search').getByRole('alert');
    await field.fill('192.0.2.1');
    await field.press('Enter');
    await expect(message).toHaveText(/IP address/);
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(page).toHaveURL(/\/$/);
    // Corrected as the person types, without another submit.
    await field.fill('a..b');
    await expect(message).toHaveText(/empty label/);
    await field.fill('example.org');
    await expect(message).toHaveText('');
  });

  test('an invalid name in the URL gets a clear page, not an error', async ({ page }) => {
    const res = await page.goto('/check/exa!mple.com');
    expect(res?.status()).toBe(200);
    await expect(page.getByRole('heading', { name: 'That is not a domain name' })).toBeVisible();
    await expect(page.getByText(/cannot appear in a domain name label/)).toBeVisible();
  });

  test('no horizontal scroll at 375 px', async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto('/');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
