// The badge as `npm start` serves it (scripts/serve.mjs in front of Next): once the route has
// served a stored status, the same badge is answered from memory (the Age header says so) with the
// same bytes and tags and a 304 for its tag, and a check stored meanwhile shows at once. No browser.
import { expect, test, type APIRequestContext } from '@playwright/test';

// A lab name no other spec checks: nothing else stores a report of it during this test.
const BADGE = '/badge/serial-drift.test.svg?style=flat-square';

/** A check through the API, stored: its report id. */
async function storeCheck(request: APIRequestContext): Promise<string> {
  const created = await request.post('/api/reports', { data: { domain: 'serial-drift.test' } });
  expect(created.status()).toBe(201);
  return ((await created.json()) as { id: string }).id;
}

test('a stored-status badge is answered from memory, and a new check shows at once', async ({ request }) => {
  // The database may hold earlier reports of it: a new one makes what follows certain.
  const first = await storeCheck(request);
  const stored = await request.get(BADGE);
  expect(stored.headers()['x-zonecut-badge-source']).toBe('stored');
  expect(stored.headers()['x-zonecut-report']).toBe(first);
  expect(stored.headers()['age']).toBeUndefined(); // from the route

  const hit = await request.get(BADGE.replace('serial-drift', 'Serial-Drift'));
  expect(hit.status()).toBe(200);
  expect(hit.headers()['age']).toMatch(/^\d+$/); // from memory
  expect(hit.headers()['etag']).toBe(stored.headers()['etag']);
  expect(hit.headers()['x-zonecut-report']).toBe(first);
  expect(hit.headers()['content-security-policy']).toBe(stored.headers()['content-security-policy']);
  expect(await hit.body()).toEqual(await stored.body());
  const notModified = await request.get(BADGE, { headers: { 'if-none-match': stored.headers()['etag']! } });
  expect(notModified.status()).toBe(304);
  expect(notModified.headers()['age']).toMatch(/^\d+$/);

  // Another check is stored: the next request for the badge shows it, from the route.
  const second = await storeCheck(request);
  const after = await request.get(BADGE);
  expect(after.headers()['age']).toBeUndefined();
  expect(after.headers()['x-zonecut-report']).toBe(second);
});
