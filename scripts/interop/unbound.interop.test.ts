// Unbound resolving the lab, validating with the lab's trust anchor: asked by our DoH transport
// (RFC 8484, HTTP/2 POST; GET when POST is refused) and by our UDP/TCP transport, compared with
// `dig +https`. Unbound's DoH endpoint speaks HTTP/2 only; Debian's build has it (libnghttp2).
import { readFileSync } from 'node:fs';
import http2 from 'node:http2';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Observation } from '@/lib/dns/capture';
import type { QueryOptions, ServerAddress } from '@/lib/dns/transport/options';
import type { Question } from '@/lib/dns/wire/types';
import { createDohTransport, createUdpTransport, type DohTransport, type Transport } from '@/lib/dns/transport';
import { digCommand } from '@/lib/dns/wire';
import { decodedView, diffViews, parseDigOutput } from './dig-view';
import { describeInterop, interopLayout, loopbackPolicy } from './interop-test-support';
import { INTEROP_BIG_NAME } from './interop-zone';
import { DIG_VIEW_FLAGS, runDigCommand } from './run-dig';

const steps = (o: Observation) => o.attempts.map((a) => `${a.transport}:${a.reason}:${a.outcome}`);

describeInterop('Unbound as the lab resolver', () => {
  let doh: DohTransport;
  let udp: Transport;
  let resolver: ServerAddress;
  beforeAll(() => {
    const { resolver: r } = interopLayout();
    doh = createDohTransport({ url: r.dohUrl, policy: loopbackPolicy(), ca: readFileSync(r.caCertFile), timeoutMs: 5000 });
    udp = createUdpTransport({ policy: loopbackPolicy(), timeoutMs: 3000 });
    resolver = { address: r.address, port: r.port };
  });
  afterAll(() => doh?.close());

  it('answers a DoH POST over HTTP/2, validated (AD), as dig +https reads it', async () => {
    const q: Question = { name: 'healthy.test.', type: 'SOA' };
    const o = await doh.query(doh.server, q, { dnssecOk: true });
    expect(o.error).toBeUndefined();
    expect(steps(o)).toEqual(['doh:initial:response']);
    expect(o.attempts[0]!.message).toMatch(/HTTP\/2 POST 200/);
    expect(o.response!.flags).toMatchObject({ rd: true, ra: true, ad: true });
    expect(o.response!.answer.map((r) => r.type).sort()).toEqual(['RRSIG', 'SOA']);
    const command = digCommand(doh.server, o.question, o.options, 'doh');
    expect(command).toContain('+https');
    const dig = parseDigOutput((await runDigCommand(command, [...DIG_VIEW_FLAGS, '+nocookie', '+noadflag'])).stdout);
    expect(dig, command).not.toBeNull();
    // A cache counts TTLs down between the two queries.
    expect(diffViews(decodedView(o.response!), dig!, { ignoreTtl: true })).toEqual([]);
  });

  // What a validating resolver makes of the lab: the scenarios' DNSSEC states, end to end.
  it.each<[string, Question, QueryOptions, { rcode: string; ad?: boolean; types?: string[] }]>([
    [
      'a signed zone validates',
      { name: 'healthy.test.', type: 'DNSKEY' },
      { dnssecOk: true },
      { rcode: 'NOERROR', ad: true, types: ['DNSKEY', 'DNSKEY', 'RRSIG'] },
    ],
    ['a DS that matches no key is bogus: SERVFAIL', { name: 'ds-mismatch.test.', type: 'SOA' }, {}, { rcode: 'SERVFAIL' }],
    [
      '…unless checking is disabled (CD)',
      { name: 'ds-mismatch.test.', type: 'SOA' },
      { checkingDisabled: true },
      { rcode: 'NOERROR', ad: false, types: ['SOA'] },
    ],
    [
      'an unsigned zone is insecure: no AD',
      { name: 'csync-unsigned.test.', type: 'CSYNC' },
      { dnssecOk: true },
      { rcode: 'NOERROR', ad: false, types: ['CSYNC'] },
    ],
    ['a name test. does not have is proven absent', { name: 'no-such-zone.test.', type: 'A' }, { dnssecOk: true }, { rcode: 'NXDOMAIN', ad: true }],
    [
      'the CDS of a rollover, signed',
      { name: 'cds-rollover.test.', type: 'CDS' },
      { dnssecOk: true },
      { rcode: 'NOERROR', ad: true, types: ['CDS', 'RRSIG', 'RRSIG'] },
    ], // both KSKs sign
    [
      'AD only for a query that asks with DO (RFC 6840 5.8)',
      { name: 'cds-rollover.test.', type: 'CDNSKEY' },
      {},
      { rcode: 'NOERROR', ad: false, types: ['CDNSKEY'] },
    ],
    ['four zone cuts down', { name: 'a.b.c.deep.test.', type: 'SOA' }, {}, { rcode: 'NOERROR', types: ['SOA'] }],
    ['a lame second server does not stop resolution', { name: 'lame.test.', type: 'SOA' }, {}, { rcode: 'NOERROR', types: ['SOA'] }],
    ['3 KB of TXT, whole over HTTP', { name: INTEROP_BIG_NAME, type: 'TXT' }, {}, { rcode: 'NOERROR', types: Array(12).fill('TXT') }],
  ])('DoH: %s', async (_, q, options, want) => {
    const o = await doh.query(doh.server, q, options);
    expect(o.error, o.error?.message).toBeUndefined();
    expect(o.response!.rcode).toBe(want.rcode);
    if (want.ad !== undefined) expect(o.response!.flags.ad).toBe(want.ad);
    if (want.types) expect(o.response!.answer.map((r) => r.type).sort()).toEqual([...want.types].sort());
  });

  it('knows no world outside the lab: the lab root denies example.com (signed), the real root is never asked', async () => {
    const o = await doh.query(doh.server, { name: 'example.com.', type: 'A' }, { dnssecOk: true });
    expect(o.response!.rcode).toBe('NXDOMAIN');
    expect(o.response!.flags.ad).toBe(true);
    const soa = o.response!.authority.find((r) => r.type === 'SOA')!;
    expect(soa.name).toBe('.');
    expect((soa.data as { mname: string }).mname).toBe('a.root-servers.test.');
  });

  it('answers a DoH GET when POST is refused (RFC 8484 4.1), through a GET-only front end', async () => {
    const { resolver: r } = interopLayout();
    const front = await startGetOnlyFront(r.spareAddresses[0]!, r.dohUrl, readFileSync(r.tlsKeyFile), readFileSync(r.caCertFile));
    const viaFront = createDohTransport({ url: front.url, policy: loopbackPolicy(), ca: readFileSync(r.caCertFile), timeoutMs: 5000 });
    try {
      const o = await viaFront.query(viaFront.server, { name: 'www.healthy.test.', type: 'A' });
      expect(steps(o)).toEqual(['doh:initial:http-error', 'doh:get-after-post-failure:response']);
      expect(o.response!.answer.map((x) => x.type)).toEqual(['A']);
      expect(front.seen).toEqual(['POST', 'GET']);
      // RFC 8484 4.1: base64url without padding, id 0 so the answer can be cached.
      const dns = new URL(front.paths[1]!, front.url).searchParams.get('dns')!;
      expect(dns).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(Buffer.from(dns, 'base64url').readUInt16BE(0)).toBe(0);
    } finally {
      viaFront.close();
      await front.close();
    }
  });

  it('answers over UDP with recursion, and falls back to TCP for a 3 KB answer', async () => {
    const a = await udp.query(resolver, { name: 'healthy.test.', type: 'A' }, { recursionDesired: true });
    expect(steps(a)).toEqual(['udp:initial:response']);
    expect(a.response!.flags).toMatchObject({ rd: true, ra: true, aa: false });
    const big = await udp.query(resolver, { name: INTEROP_BIG_NAME, type: 'TXT' }, { recursionDesired: true });
    expect(steps(big)).toEqual(['udp:initial:truncated', 'tcp:tcp-after-truncation:response']);
    expect(big.response!.answer).toHaveLength(12);
  });
});

interface GetOnlyFront {
  url: string;
  seen: string[];
  paths: string[];
  close(): Promise<void>;
}

/** An HTTP/2 endpoint that answers POST with 405 and passes GET on to Unbound's endpoint. */
async function startGetOnlyFront(address: string, upstreamUrl: string, key: Buffer, cert: Buffer): Promise<GetOnlyFront> {
  const seen: string[] = [];
  const paths: string[] = [];
  const upstream = http2.connect(new URL(upstreamUrl).origin, { ca: cert });
  upstream.on('error', () => {});
  const server = http2.createSecureServer({ key, cert });
  server.on('stream', (stream, headers) => {
    const method = String(headers[':method']);
    seen.push(method);
    paths.push(String(headers[':path']));
    if (method !== 'GET') {
      stream.respond({ ':status': 405, allow: 'GET' });
      stream.end();
      return;
    }
    const req = upstream.request({ ':method': 'GET', ':path': String(headers[':path']), accept: 'application/dns-message' });
    req.on('response', (h) => {
      stream.respond({ ':status': h[':status'] ?? 502, 'content-type': String(h['content-type'] ?? '') });
      req.pipe(stream);
    });
    req.on('error', () => stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(443, address, () => resolve());
  });
  return {
    url: `https://${address}/dns-query`,
    seen,
    paths,
    close: () =>
      new Promise<void>((resolve) => {
        upstream.close();
        server.close(() => resolve());
      }),
  };
}
