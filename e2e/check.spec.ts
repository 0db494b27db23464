import { expect, test } from '@playwright/test';
import { item, openCheck, row, tree, waitForReport } from './support';

test.describe('checking a lab domain', () => {
  test('type a domain, submit, and read the verdict and the tree', async ({ page }) => {
    await page.goto('/');
    const field = page.getByLabel('Domain', { exact: true });
    await field.fill('https://Lame.TEST./');
    await field.press('Enter');
    await expect(page).toHaveURL(/\/check\/lame\.test$/);
    await expect(page.getByRole('heading', { level: 1, name: 'lame.test' })).toBeVisible();
    await waitForReport(page);

    await expect(page.getByTestId('overall-status')).toHaveText('1 warning');
    const zones = tree(page).locator(':scope > [role=treeitem]');
    await expect(zones).toHaveCount(3);
    await expect(row(item(page, 'zone', 'lame.test.'))).toContainText('target');
    const lame = item(page, 'NS', 'ns2.lame.test.');
    await expect(lame).toHaveAttribute('aria-expanded', 'true'); // problems are open by default
    await expect(row(lame)).toContainText('lame: REFUSED');
    await expect(row(lame)).toContainText('Lame nameserver');
    await expect(row(item(page, 'address', '203.0.113.24'))).toContainText(/glue.*child zone.*lame: REFUSED/);
    const healthy = item(page, 'NS', 'ns1.lame.test.');
    await expect(healthy).toHaveAttribute('aria-expanded', 'false');
    await expect(row(healthy)).toContainText('authoritative');
  });

  test('glue-missing.test: in-domain nameservers without glue have no address', async ({ page }) => {
    await openCheck(page, 'glue-missing.test');
    await expect(page.getByTestId('overall-status')).toHaveText('2 errors');
    for (const ns of ['ns1.glue-missing.test.', 'ns2.glue-missing.test.']) {
      const r = row(item(page, 'NS', ns));
      await expect(r).toContainText('parent only');
      await expect(r).toContainText('no address');
      await expect(r).toContainText('Missing glue');
    }
    await expect(page.getByRole('region', { name: 'Parent and child, side by side' })).toContainText('no glue, though the name is inside the zone');
  });

  test('ns-mismatch.test: parent-only and child-only nameservers, side by side', async ({ page }) => {
    await openCheck(page, 'ns-mismatch.test');
    await expect(row(item(page, 'zone', 'ns-mismatch.test.'))).toContainText('Parent and child NS sets differ');
    await expect(row(item(page, 'NS', 'ns1.ns-mismatch.test.'))).toContainText('parent and child');
    await expect(row(item(page, 'NS', 'ns2.ns-mismatch.test.'))).toContainText('parent only');
    await expect(row(item(page, 'NS', 'ns3.ns-mismatch.test.'))).toContainText('child only');
    const sideBySide = page.getByRole('region', { name: 'Parent and child, side by side' });
    await expect(sideBySide.getByText('only at the parent')).toBeVisible();
    await expect(sideBySide.getByText('only at the child')).toBeVisible();
  });

  test('csync-pending.test: the CSYNC panel spells out the flags and what a parent would change', async ({ page }) => {
    await openCheck(page, 'csync-pending.test');
    await expect(row(item(page, 'NS', 'ns3.csync-pending.test.'))).toContainText('child only');
    const csync = page.getByRole('region', { name: 'CSYNC' });
    await expect(csync).toContainText('immediate (1) set');
    await expect(csync).toContainText('soaminimum (2) set');
    await expect(csync.getByText('+ NS ns3.csync-pending.test.')).toBeVisible();
    await expect(csync.getByText('− NS ns2.csync-pending.test.')).toBeVisible();
    await expect(csync.getByText('+ ns3.csync-pending.test. A 198.51.100.135')).toBeVisible();
    const ds = page.getByRole('region', { name: 'DS at the parent, DNSKEY at the child' });
    await expect(ds).toContainText('digest verified');
  });

  test('a.b.c.deep.test: one node per zone cut from the root down', async ({ page }) => {
    await openCheck(page, 'a.b.c.deep.test');
    const zones = tree(page).locator(':scope > [role=treeitem]');
    await expect(zones).toHaveCount(6);
    const names = ['.', 'test.', 'deep.test.', 'c.deep.test.', 'b.c.deep.test.', 'a.b.c.deep.test.'];
    for (const [i, name] of names.entries()) {
      await expect(zones.nth(i)).toHaveAttribute('aria-labelledby', /.+/);
      await expect(zones.nth(i)).toHaveAttribute('aria-posinset', String(i + 1));
      await expect(item(page, 'zone', name)).toHaveAttribute('aria-level', '1');
    }
    await expect(row(item(page, 'zone', 'a.b.c.deep.test.'))).toContainText('target');
    await expect(page.getByTestId('overall-status')).toHaveText('OK');
    await expect(page.getByTestId('chain-diagram').getByRole('button')).toHaveCount(6 + 11);
  });

  // The pending phase itself (a dead server 'waiting for answers' while the rest is in) is the live
  // tree's (lib/report/view/tree.test.ts): with adaptive timeouts it lasts under a second here, too
  // short to catch reliably in a browser on a loaded machine.
  test('silent.test: a dead server shows as timed out, the rest as answering', async ({ page }) => {
    await page.goto('/check/silent.test');
    const dead = row(item(page, 'NS', 'ns2.silent.test.'));
    await waitForReport(page, 20_000);
    await expect(row(item(page, 'NS', 'ns1.silent.test.'))).toContainText('authoritative');
    await expect(dead).toContainText('no response (timeout)');
    await expect(dead).toContainText('Nameserver unreachable');
    await expect(row(item(page, 'address', '203.0.113.27'))).toContainText('no response (timeout)');
  });
});

test.describe('the tree and the evidence', () => {
  test('the tree follows the WAI-ARIA tree pattern from the keyboard', async ({ page }) => {
    await openCheck(page, 'lame.test');
    const t = tree(page);
    await expect(t.locator('[role=treeitem][tabindex="0"]')).toHaveCount(1);
    const root = item(page, 'zone', '.');
    await root.focus();
    await expect(root).toHaveAttribute('aria-expanded', 'true');
    await expect(root).toHaveAttribute('aria-level', '1');
    await expect(root).toHaveAttribute('aria-setsize', '3');

    await page.keyboard.press('ArrowDown');
    await expect(item(page, 'NS', 'a.root-servers.test.')).toBeFocused();
    await expect(item(page, 'NS', 'a.root-servers.test.')).toHaveAttribute('aria-level', '2');
    await page.keyboard.press('ArrowLeft'); // a closed node: to its parent
    await expect(root).toBeFocused();
    await page.keyboard.press('ArrowLeft'); // an open node: closes it
    await expect(root).toHaveAttribute('aria-expanded', 'false');
    await expect(item(page, 'NS', 'a.root-servers.test.')).toHaveCount(0);
    await page.keyboard.press('ArrowRight'); // opens
    await expect(root).toHaveAttribute('aria-expanded', 'true');
    await page.keyboard.press('ArrowRight'); // into the first child
    await expect(item(page, 'NS', 'a.root-servers.test.')).toBeFocused();

    await page.keyboard.press('End');
    await expect(item(page, 'address', '2001:db8:113::24')).toBeFocused();
    await page.keyboard.press('Home');
    await expect(root).toBeFocused();
    await expect(t.locator('[role=treeitem][tabindex="0"]')).toHaveCount(1);

    // Type-ahead, then Enter selects: the evidence panel follows the selection.
    await page.keyboard.press('l');
    await expect(item(page, 'zone', 'lame.test.')).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const lame = item(page, 'NS', 'ns2.lame.test.');
    await expect(lame).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(lame).toHaveAttribute('aria-selected', 'true');
    await expect(t.locator('[aria-selected=true]')).toHaveCount(1);
    const evidence = page.getByRole('complementary', { name: 'Evidence' });
    await expect(evidence).toContainText('Nameserver of lame.test.');
    await expect(evidence).toContainText('Lame nameserver');
  });

  test('selecting an address shows its responses with the dig command that reproduces each', async ({ page }) => {
    await openCheck(page, 'lame.test');
    await row(item(page, 'address', '203.0.113.24')).click();
    const evidence = page.getByRole('complementary', { name: 'Evidence' });
    await expect(evidence).toContainText('Address of ns2.lame.test.');
    const dig = evidence.getByLabel('dig command', { exact: true }).first();
    await expect(dig).toHaveText(/^dig @203\.0\.113\.24 lame\.test\. (SOA|NS) \+norec /);
    await expect(evidence.getByLabel('dig command', { exact: true }).filter({ hasText: '+tcp' })).toHaveCount(1);
    await expect(evidence.getByRole('button', { name: 'Copy' }).first()).toBeVisible();
    await evidence.getByText('Response as dig prints it').first().click();
    await expect(evidence.locator('pre').first()).toContainText('status: REFUSED');
    await expect(evidence.locator('pre').first()).toContainText(';; SERVER: 203.0.113.24#53(ns2.lame.test.)');
  });

  test('a finding in the summary leads to its node; a diagram box selects in the tree', async ({ page }) => {
    await openCheck(page, 'lame.test');
    const lame = item(page, 'NS', 'ns2.lame.test.');
    await page.getByRole('button', { name: 'Show ns2.lame.test. in the tree' }).click();
    await expect(lame).toBeFocused();
    await expect(lame).toHaveAttribute('aria-selected', 'true');
    const evidence = page.getByRole('complementary', { name: 'Evidence' });
    await expect(evidence).toContainText('How to fix');

    await page
      .getByTestId('chain-diagram')
      .getByRole('button', { name: /^nameserver ns1\.lame\.test\./ })
      .click();
    await expect(item(page, 'NS', 'ns1.lame.test.')).toHaveAttribute('aria-selected', 'true');
    await expect(lame).toHaveAttribute('aria-selected', 'false');
  });

  test('a report at 375 px has no horizontal scroll', async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 740 });
    await openCheck(page, 'csync-pending.test');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
