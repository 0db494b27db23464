import { expect, test } from '@playwright/test';
import { LAB_SCENARIOS } from '@/lib/lab/manifest';
import { keepOffTheInternet } from './support';

test.describe('home page', () => {
  test.beforeEach(async ({ page }) => keepOffTheInternet(page));

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
    await expect(page.getByLabel('Domain', { exact: true })).toHaveValue('exa!mple.com');
    // A plain form (no script): the corrected name goes to its check.
    await page.getByLabel('Domain', { exact: true }).fill('healthy.test');
    await page.getByLabel('Domain', { exact: true }).press('Enter');
    await expect(page).toHaveURL(/\/check\/healthy\.test$/);
  });

  test('explains what zonecut checks and links every lab scenario to its check', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByText(/walks the chain of DNS delegations from the root/)).toBeVisible();
    const lab = page.getByRole('region', { name: 'The lab' });
    await expect(lab.getByRole('link')).toHaveCount(LAB_SCENARIOS.length);
    const deep = lab.getByRole('link', { name: /a\.b\.c\.deep\.test/ });
    await expect(deep).toHaveAttribute('href', '/check/a.b.c.deep.test');
    await expect(deep).toContainText('Four zone cuts in a row');
    await lab.getByRole('link', { name: /^lame\.test/ }).click();
    await expect(page).toHaveURL(/\/check\/lame\.test$/);
  });

  test('no horizontal scroll at 375 px', async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto('/');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
