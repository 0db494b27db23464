// Pictures of the pages for the README and for review, light and dark. Written to e2e/artifacts/
// (committed) when E2E_SCREENSHOTS=1, otherwise to the test's output directory, so an ordinary
// run checks that the pages render in both schemes without touching the committed images.
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { join } from 'node:path';
import { openCheck } from './support';

const ARTIFACTS = join(__dirname, 'artifacts');
const pathFor = (info: TestInfo, name: string) => (process.env.E2E_SCREENSHOTS === '1' ? join(ARTIFACTS, name) : info.outputPath(name));

async function shoot(page: Page, info: TestInfo, name: string) {
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: pathFor(info, name), animations: 'disabled', caret: 'hide' });
}

test.describe('screenshots', () => {
  test.use({ viewport: { width: 1280, height: 1000 } });

  test('home page', async ({ page }, info) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto('/');
    await expect(page.getByRole('region', { name: 'The lab' })).toBeVisible();
    await page.getByLabel('Domain', { exact: true }).fill('csync-pending.test');
    await shoot(page, info, 'home.png');
  });

  for (const [domain, scheme] of [
    ['lame.test', 'light'],
    ['lame.test', 'dark'],
    ['csync-pending.test', 'light'],
    ['csync-pending.test', 'dark'],
  ] as const) {
    test(`report of ${domain}, ${scheme}`, async ({ page }, info) => {
      await page.emulateMedia({ colorScheme: scheme });
      await openCheck(page, domain);
      await shoot(page, info, `report-${domain.replace('.test', '')}-${scheme}.png`);
    });
  }

  test('diagram of a.b.c.deep.test', async ({ page }, info) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await openCheck(page, 'a.b.c.deep.test');
    await page.getByTestId('chain-diagram').screenshot({ path: pathFor(info, 'diagram-deep.png'), animations: 'disabled' });
  });
});
