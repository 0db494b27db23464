// What the specs share: opening a check and waiting for its report, and finding tree items the way a
// screen reader announces them (`NS ns2.lame.test. …`).
import { expect, type Locator, type Page } from '@playwright/test';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Open /check/<name> and wait until the report is in (the lab answers in milliseconds). */
export async function openCheck(page: Page, name: string): Promise<void> {
  await page.goto(`/check/${name}`);
  await waitForReport(page);
}

export async function waitForReport(page: Page, timeout = 15_000): Promise<void> {
  await expect(page.getByText(/^Checked in /)).toBeVisible({ timeout });
}

export function tree(page: Page): Locator {
  return page.getByRole('tree', { name: 'Delegation tree' });
}

/** A tree item by kind and name: `item(page, 'NS', 'ns2.lame.test.')`. */
export function item(page: Page, kind: 'zone' | 'NS' | 'address', label: string): Locator {
  return tree(page).getByRole('treeitem', { name: new RegExp(`^${kind}\\s*${escape(label)}(\\s|$)`) });
}

/** The item's own row (not its open children). */
export function row(treeitem: Locator): Locator {
  return treeitem.locator(':scope > .tree-row');
}

/** Checks of names outside the lab would go to the real internet: the specs never let them. */
export async function keepOffTheInternet(page: Page): Promise<void> {
  await page.route('**/api/check/stream**', (route) => {
    const domain = new URL(route.request().url()).searchParams.get('domain') ?? '';
    return /(^|\.)test\.?$/.test(domain) ? route.fallback() : route.abort();
  });
}
