// A person watches csync-pending.test with a webhook to a receiver this test owns on loopback,
// sees the watch's page fill in, the lab's parent applies the zone's CSYNC (the test-only switch),
// they run the watch now and see the event, the signed delivery and what changed. Flips a lab
// switch, so it runs in the `lab-switch` project, alone (playwright.config.ts).
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

let receiver: Server;
let port: number;
const received: Received[] = [];

test.beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  port = (receiver.address() as AddressInfo).port;
});
test.afterAll(() => new Promise<void>((r) => receiver.close(() => r())));
test.afterEach(async ({ request }) => {
  await request.post('/api/lab/switch', { data: { scenario: 'csync-pending', state: 'original' } });
});

test('watch csync-pending.test, run it after the parent applies its CSYNC, see the event and the signed webhook', async ({ page, request }) => {
  await page.goto('/domain/csync-pending.test');
  await page.getByRole('link', { name: 'Watch this domain' }).click();
  await expect(page).toHaveURL(/\/watch\?domain=csync-pending\.test$/);
  await expect(page.getByRole('textbox', { name: 'Domain' })).toHaveValue('csync-pending.test');

  // The policy refuses what it should, with words that say why.
  await page.getByLabel('Webhook URL (optional)').fill('http://10.0.0.1/hook');
  await page.getByRole('button', { name: 'Watch this domain' }).click();
  await expect(page.getByRole('form', { name: 'Watch a domain' }).getByRole('alert')).toContainText('private');

  await page.getByLabel('Check every (minutes, 5 to 10080)').fill('5');
  await page.getByLabel('Webhook URL (optional)').fill(`http://127.0.0.1:${port}/hook`);
  await page.getByRole('button', { name: 'Watch this domain' }).click();
  const created = page.getByTestId('watch-created');
  await expect(created).toContainText('Watching csync-pending.test every 5 minutes');
  await expect(page.getByTestId('manage-url')).toHaveText(/\/watch\/manage\/[A-Za-z0-9_-]{43}$/);
  const secret = (await page.getByTestId('webhook-secret').textContent()) ?? '';
  expect(secret).toMatch(/^whsec_/);

  await page.getByRole('link', { name: "Open the watch's page" }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Watch of csync-pending.test');
  // The first run, queued at creation, is the baseline: a report, no event.
  await expect(page.getByTestId('watch-runs')).toHaveText('1', { timeout: 20_000 });
  await expect(page.getByText('No change yet.')).toBeVisible();

  const flipped = await request.post('/api/lab/switch', { data: { scenario: 'csync-pending', state: 'applied' } });
  expect(flipped.status()).toBe(200);
  await page.getByRole('button', { name: 'Run now' }).click();
  await expect(page.getByRole('status')).toContainText(/Run queued|already queued/);
  const event = page.getByTestId('event');
  await expect(event).toHaveCount(1, { timeout: 20_000 });
  await expect(event).toContainText('NS at the parent: + ns3.csync-pending.test. − ns2.csync-pending.test.');
  await expect(page.getByTestId('event-delivery')).toHaveText('webhook: delivered', { timeout: 20_000 });
  await expect(page.getByTestId('delivery')).toHaveCount(1);
  await expect(page.getByTestId('delivery')).toContainText('delivered (HTTP 204)');

  // The receiver got one request, signed with the secret shown once.
  expect(received).toHaveLength(1);
  const [hook] = received;
  const timestamp = String(hook!.headers['x-zonecut-timestamp']);
  const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${hook!.body}`).digest('hex')}`;
  expect(hook!.headers['x-zonecut-signature']).toBe(expected);
  expect(JSON.parse(hook!.body)).toMatchObject({ type: 'watch.changed', domain: 'csync-pending.test.' });

  // The feed links it; "What changed" opens the comparison.
  const feed = await request.get((await page.getByRole('link', { name: 'This watch (Atom)' }).getAttribute('href'))!);
  expect(feed.headers()['content-type']).toBe('application/atom+xml; charset=utf-8');
  expect(await feed.text()).toContain('<entry>');
  await event.getByRole('link', { name: 'What changed' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('What changed in csync-pending.test');
  await page.goBack();

  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Stop watching' }).click();
  await expect(page.getByTestId('watch-state')).toHaveText(/^stopped /);
});
