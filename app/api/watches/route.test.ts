// The watch API over a temporary embedded database and its in-process queue (nobody works it here:
// runs stay queued, which is what lets "run now" be seen refusing a second one).
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { resetRateLimits } from '@/lib/guard/rate-limit';
import { getJobQueue, setJobQueue } from '@/lib/jobs/get-job-queue';
import { getDb } from '@/lib/store/get-store';
import { withTemporaryStore } from '@/lib/store/with-temporary-store';
import { createWatchStore } from '@/lib/watch/watch-store';
import { GET as domainFeed } from '@/app/domain/[domain]/feed.xml/route';
import { GET as watchFeed } from '@/app/watch/[id]/feed.xml/route';
import { DELETE, GET, PATCH } from './manage/[token]/route';
import { POST as RUN } from './manage/[token]/run/route';
import { POST } from './route';

withTemporaryStore('api-watches');
beforeEach(() => resetRateLimits());
afterAll(async () => {
  await (await getJobQueue()).stop(0);
  setJobQueue(null);
});

const ORIGIN = 'http://localhost:3000';
const json = (body: unknown) => ({
  method: 'POST',
  body: typeof body === 'string' ? body : JSON.stringify(body),
  headers: { 'content-type': 'application/json' },
});
const create = (body: unknown) => POST(new Request(`${ORIGIN}/api/watches`, json(body)));
const params = (token: string) => ({ params: Promise.resolve({ token }) });
const manage = (token: string, init?: RequestInit) => new Request(`${ORIGIN}/api/watches/manage/${token}`, init);
const count = async () => Number((await (await getDb()).query('SELECT COUNT(*) AS n FROM watches'))[0]?.n);

interface Created {
  watch: { id: string; domain: string; intervalMinutes: number; webhookUrl: string | null; feed: string; domainFeed: string };
  manage: string;
  manageUrl: string;
  secret: string | null;
}

async function made(body: unknown): Promise<Created & { token: string }> {
  const response = await create(body);
  expect(response.status).toBe(201);
  const created = (await response.json()) as Created;
  return { ...created, token: created.manage.split('/').pop()! };
}

describe('POST /api/watches', () => {
  it('makes a watch: 201 with the management link (its token) and no secret without a webhook; the first run is queued', async () => {
    const response = await create({ domain: 'Healthy.TEST.', intervalMinutes: 15 });
    expect(response.status).toBe(201);
    const body = (await response.json()) as Created;
    expect(Object.keys(body).sort()).toEqual(['manage', 'manageUrl', 'secret', 'watch']);
    expect(body.manage).toMatch(/^\/watch\/manage\/[A-Za-z0-9_-]{43}$/);
    expect(body.manageUrl).toBe(`${ORIGIN}${body.manage}`);
    expect(response.headers.get('location')).toBe(body.manageUrl);
    expect(body.secret).toBeNull();
    expect(body.watch).toMatchObject({
      domain: 'healthy.test.',
      intervalMinutes: 15,
      webhookUrl: null,
      feed: `/watch/${body.watch.id}/feed.xml`,
      domainFeed: '/domain/healthy.test/feed.xml',
    });
    // The first run is queued (one at a time per watch): running it now again is refused.
    const run = await RUN(manage(body.manage.split('/').pop()!, { method: 'POST' }), params(body.manage.split('/').pop()!));
    expect(run.status).toBe(202);
    expect(await run.json()).toEqual({ queued: false });
  });

  it.each([
    ['not JSON', 'domain=x', /JSON/],
    ['no domain', {}, /needs a domain/],
    ['a bad name', { domain: 'exa mple.com' }, /./],
    ['an interval under 5 minutes', { domain: 'healthy.test', intervalMinutes: 4 }, /at least 5 minutes/],
    ['an interval over a week', { domain: 'healthy.test', intervalMinutes: 10081 }, /at most 10080/],
    ['a fractional interval', { domain: 'healthy.test', intervalMinutes: 5.5 }, /whole number/],
    ['a webhook that is not http(s)', { domain: 'healthy.test', webhookUrl: 'ftp://example.com/x' }, /https:\/\/ or http:\/\//],
    ['a webhook on loopback', { domain: 'healthy.test', webhookUrl: 'http://127.0.0.1:9/x' }, /loopback.*ZONECUT_ALLOW_TARGETS/],
    ['a webhook to the metadata service', { domain: 'healthy.test', webhookUrl: 'http://169.254.169.254/latest' }, /link-local/],
    ['a webhook with credentials', { domain: 'healthy.test', webhookUrl: 'https://u:p@example.com/' }, /user name or password/],
  ])('400 for %s, and no watch is made', async (_, body, message) => {
    const before = await count();
    const response = await create(body);
    expect(response.status).toBe(400);
    const error = ((await response.json()) as { error: { message: string } }).error;
    expect(error.message).toMatch(message);
    expect(await count()).toBe(before);
  });
});

describe('/api/watches/manage/<token>', () => {
  it('GET: the watch, its events and deliveries — never the token or the secret', async () => {
    const { token, watch } = await made({ domain: 'healthy.test' });
    const response = await GET(manage(token), params(token));
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain(token);
    const body = JSON.parse(text) as { watch: { id: string }; events: unknown[]; deliveries: unknown[] };
    expect(body.watch.id).toBe(watch.id);
    expect(body.events).toEqual([]);
    expect(body.deliveries).toEqual([]);
  });

  it('404 for a token that names no watch (or is not a token at all)', async () => {
    for (const token of ['A'.repeat(43), 'nope', `${'A'.repeat(42)}%`]) {
      expect((await GET(manage(encodeURIComponent(token)), params(token))).status).toBe(404);
    }
  });

  it('PATCH changes the schedule; bad input changes nothing; adding a webhook returns a new secret once', async () => {
    const { token, watch } = await made({ domain: 'healthy.test' });
    const patch = (body: unknown) => PATCH(manage(token, { method: 'PATCH', body: JSON.stringify(body) }), params(token));
    const ok = await patch({ intervalMinutes: 30 });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ watch: { intervalMinutes: 30 }, secret: null });
    for (const bad of [{}, { intervalMinutes: 2 }, { webhookUrl: 'http://10.0.0.1/' }]) expect((await patch(bad)).status).toBe(400);
    const store = createWatchStore(await getDb());
    expect(await store.getWatch(watch.id)).toMatchObject({ intervalMinutes: 30, webhookUrl: null });
    // A global address passes the policy (nothing is sent now: only at delivery).
    const added = (await (await patch({ webhookUrl: 'https://203.0.114.1/hook' })).json()) as { watch: { webhookUrl: string }; secret: string };
    expect(added.watch.webhookUrl).toBe('https://203.0.114.1/hook');
    expect(added.secret).toMatch(/^whsec_/);
    expect(await store.webhookSecret(watch.id)).toBe(added.secret);
  });

  it('DELETE stops the watch: no more runs, no more changes; its feed stays', async () => {
    const { token, watch } = await made({ domain: 'healthy.test' });
    const stopped = await DELETE(manage(token, { method: 'DELETE' }), params(token));
    expect(stopped.status).toBe(200);
    expect(((await stopped.json()) as { watch: { stoppedAt: string | null; nextRunAt: string | null } }).watch).toMatchObject({
      stoppedAt: expect.any(String),
      nextRunAt: null,
    });
    expect((await RUN(manage(token, { method: 'POST' }), params(token))).status).toBe(400);
    expect((await PATCH(manage(token, { method: 'PATCH', body: '{"intervalMinutes":10}' }), params(token))).status).toBe(400);
    const feed = await watchFeed(new Request(`${ORIGIN}${watch.feed}`), { params: Promise.resolve({ id: watch.id }) });
    expect(feed.status).toBe(200);
  });
});

describe('feeds', () => {
  it('a watch feed by its public id: Atom; an unknown id is 404', async () => {
    const { watch } = await made({ domain: 'healthy.test' });
    const response = await watchFeed(new Request(`${ORIGIN}${watch.feed}`), { params: Promise.resolve({ id: watch.id }) });
    expect(response.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const xml = await response.text();
    expect(xml).toContain(`<id>${ORIGIN}/watch/${watch.id}/feed.xml</id>`);
    expect(xml).toContain('<title>zonecut watch of healthy.test</title>');
    expect((await watchFeed(new Request(`${ORIGIN}/watch/x/feed.xml`), { params: Promise.resolve({ id: 'A'.repeat(20) }) })).status).toBe(404);
  });

  it('a domain feed: empty but valid for a domain nobody watches; 404 for a name that is not one', async () => {
    const ok = await domainFeed(new Request(`${ORIGIN}/domain/nobody.test/feed.xml`), { params: Promise.resolve({ domain: 'nobody.test' }) });
    expect(ok.status).toBe(200);
    const xml = await ok.text();
    expect(xml).toContain('<title>zonecut: changes to nobody.test</title>');
    expect(xml).not.toContain('<entry>');
    expect((await domainFeed(new Request(`${ORIGIN}/domain/x/feed.xml`), { params: Promise.resolve({ domain: 'exa mple' }) })).status).toBe(404);
  });
});
