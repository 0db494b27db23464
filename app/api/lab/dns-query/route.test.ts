import { describe, expect, it } from 'vitest';
import type { DecodedMessage } from '@/lib/dns/wire/types';
import { decodeMessage, encodeQuery } from '@/lib/dns/wire';
import { GET, POST } from './route';

const URL_BASE = 'http://localhost/api/lab/dns-query';
const query = (name: string, type: string) => new Uint8Array(encodeQuery({ name, type }, { id: 0, recursionDesired: true }));

async function dnsBody(response: Response): Promise<DecodedMessage> {
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/dns-message');
  const decoded = decodeMessage(new Uint8Array(await response.arrayBuffer()));
  if (!decoded.ok) throw new Error(decoded.error.message);
  return decoded.message;
}

describe('/api/lab/dns-query (RFC 8484)', () => {
  it('GET ?dns=<base64url> resolves inside the lab', async () => {
    const response = await GET(new Request(`${URL_BASE}?dns=${Buffer.from(query('www.healthy.test', 'A')).toString('base64url')}`));
    const m = await dnsBody(response);
    expect(m).toMatchObject({ id: 0, rcode: 'NOERROR', flags: { qr: true, ra: true } });
    expect(m.answer.map((rr) => rr.data)).toEqual(['203.0.113.80']);
    expect(response.headers.get('cache-control')).toBe('max-age=3600');
  });

  it('POST application/dns-message resolves inside the lab', async () => {
    const response = await POST(
      new Request(URL_BASE, { method: 'POST', headers: { 'content-type': 'application/dns-message' }, body: query('nonexistent.test', 'A') }),
    );
    expect((await dnsBody(response)).rcode).toBe('NXDOMAIN');
  });

  it.each([
    ['no dns parameter', `${URL_BASE}`],
    ['not base64url', `${URL_BASE}?dns=a+b/c`],
    ['impossible base64 length', `${URL_BASE}?dns=AAAAA`],
    ['not a DNS message', `${URL_BASE}?dns=${Buffer.from('hello, world').toString('base64url')}`],
  ])('GET with %s: 400 with a JSON error', async (_, url) => {
    const response = await GET(new Request(url));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'bad-request' });
  });

  it('POST with another content type: 415', async () => {
    const response = await POST(new Request(URL_BASE, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }));
    expect(response.status).toBe(415);
  });

  it('POST a body over 65535 octets: 413', async () => {
    const response = await POST(
      new Request(URL_BASE, { method: 'POST', headers: { 'content-type': 'application/dns-message' }, body: new Uint8Array(70_000) }),
    );
    expect(response.status).toBe(413);
  });

  it('POST a response instead of a query: 400', async () => {
    const reply = query('test', 'SOA');
    reply[2] = reply[2]! | 0x80;
    const response = await POST(new Request(URL_BASE, { method: 'POST', headers: { 'content-type': 'application/dns-message' }, body: reply }));
    expect(response.status).toBe(400);
  });
});
