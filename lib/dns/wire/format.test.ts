import { describe, expect, test } from 'vitest';
import type { DecodedMessage } from '@/lib/dns/wire/types';
import { digCommand } from '@/lib/dns/wire/dig-command';
import { formatMessage } from '@/lib/dns/wire/format-message';
import { formatRdata, formatSignatureTime } from '@/lib/dns/wire/format-rdata';
import { formatRecord } from '@/lib/dns/wire/format-record';

describe('formatRdata: presentation format as dig prints it', () => {
  test.each([
    ['A', '192.0.2.1', '192.0.2.1'],
    ['NS', 'ns1.example.com.', 'ns1.example.com.'],
    ['SOA', { mname: 'ns1.test.', rname: 'hostmaster.test.', serial: 1, refresh: 2, retry: 3, expire: 4, minimum: 5 }, 'ns1.test. hostmaster.test. 1 2 3 4 5'],
    ['MX', { preference: 10, exchange: 'mail.test.' }, '10 mail.test.'],
    ['TXT', ['v=spf1 -all', 'say "hi" \\o/', '\u0000\u00ff é'], '"v=spf1 -all" "say \\"hi\\" \\\\o/" "\\000\\255 \\233"'],
    // Our TXT strings hold one octet per character; text beyond U+00FF is taken as UTF-8.
    ['TXT', ['ü', 'ā'], '"\\252" "\\196\\129"'],
    ['DS', { keyTag: 12345, algorithm: 13, digestType: 2, digest: 'abcdef01' }, '12345 13 2 ABCDEF01'],
    ['CDS', { keyTag: 0, algorithm: 0, digestType: 0, digest: '00' }, '0 0 0 00'],
    ['DNSKEY', { flags: 257, protocol: 3, algorithm: 13, publicKey: 'AQID' }, '257 3 13 AQID'],
    ['CDNSKEY', { flags: 0, protocol: 3, algorithm: 0, publicKey: 'AA==' }, '0 3 0 AA=='],
    [
      'RRSIG',
      {
        typeCovered: 'A',
        algorithm: 13,
        labels: 3,
        originalTtl: 3600,
        expiration: 1284026679,
        inception: 1281607479,
        keyTag: 55648,
        signerName: 'example.net.',
        signature: 'AQID',
      },
      'A 13 3 3600 20100909100439 20100812100439 55648 example.net. AQID',
    ],
    ['NSEC', { nextDomain: 'host.example.com.', types: ['A', 'MX', 'RRSIG', 'NSEC', 'TYPE1234'] }, 'host.example.com. A MX RRSIG NSEC TYPE1234'],
    ['CSYNC', { serial: 66, flags: 3, types: ['A', 'NS', 'AAAA'] }, '66 3 A NS AAAA'],
    [
      'NSEC3',
      {
        hashAlgorithm: 1,
        flags: 1,
        iterations: 12,
        salt: 'aabbccdd',
        nextHashedOwner: '2t7b4g4vsa5smi47k61mv5bv1a22bojr',
        types: ['NS', 'SOA', 'MX', 'RRSIG'],
      },
      '1 1 12 AABBCCDD 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR NS SOA MX RRSIG',
    ],
    ['NSEC3', { hashAlgorithm: 1, flags: 0, iterations: 0, salt: '', nextHashedOwner: 'vs', types: [] }, '1 0 0 - VS'],
    ['NSEC3PARAM', { hashAlgorithm: 1, flags: 0, iterations: 12, salt: 'aabbccdd' }, '1 0 12 AABBCCDD'],
    ['NSEC3PARAM', { hashAlgorithm: 1, flags: 0, iterations: 0, salt: '' }, '1 0 0 -'],
    ['TYPE731', { unknown: '0A000001' }, '\\# 4 0a000001'],
    ['A', { unknown: '0a0000' }, '\\# 3 0a0000'],
    ['TYPE9', { unknown: '' }, '\\# 0'],
  ] as const)('%s %j', (type, data, want) => expect(formatRdata(type, data as never)).toBe(want));

  test('RRSIG times are UTC YYYYMMDDHHmmSS (RFC 4034 3.2)', () => {
    expect(formatSignatureTime(0)).toBe('19700101000000');
    expect(formatSignatureTime(4294967295)).toBe('21060207062815');
  });

  test('formatRecord is tab-separated', () => {
    expect(formatRecord({ name: 'example.com.', type: 'CSYNC', class: 'IN', ttl: 3600, data: { serial: 66, flags: 3, types: ['A', 'NS', 'AAAA'] } })).toBe(
      'example.com.\t3600\tIN\tCSYNC\t66 3 A NS AAAA',
    );
  });
});

describe('formatMessage', () => {
  const msg: DecodedMessage = {
    id: 1234,
    opcode: 'QUERY',
    rcode: 'NOERROR',
    flags: { qr: true, aa: true, tc: false, rd: false, ra: false, ad: false, cd: false },
    question: [{ name: 'healthy.test.', type: 'SOA', class: 'IN' }],
    answer: [
      {
        name: 'healthy.test.',
        type: 'SOA',
        class: 'IN',
        ttl: 300,
        data: { mname: 'ns1.healthy.test.', rname: 'hostmaster.healthy.test.', serial: 1, refresh: 2, retry: 3, expire: 4, minimum: 5 },
      },
    ],
    authority: [],
    additional: [],
    edns: {
      udpSize: 1232,
      version: 0,
      dnssecOk: true,
      extendedRcode: 0,
      options: [
        { code: 3, data: '6e7331' },
        { code: 15, data: '0012' },
      ],
    },
    size: 98,
  };
  const text = formatMessage(msg, { server: { address: '192.0.2.1', port: 53 }, transport: 'udp', rttMs: 3.4, when: 'Sun Nov 22 10:00:00 UTC 2026' });
  const lines = text.split('\n');

  test('header, flags and counts (OPT counted in ADDITIONAL, as dig does)', () => {
    expect(lines[0]).toBe(';; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 1234');
    expect(lines[1]).toBe(';; flags: qr aa; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1');
  });

  test('OPT pseudosection', () => {
    expect(lines).toContain(';; OPT PSEUDOSECTION:');
    expect(lines).toContain('; EDNS: version: 0, flags: do; udp: 1232');
    expect(lines).toContain('; NSID: 6e7331 ("ns1")');
    expect(lines).toContain('; EDE: 18 (Prohibited)');
  });

  test('sections with tab-separated records', () => {
    expect(lines).toContain(';; QUESTION SECTION:');
    expect(lines).toContain(';healthy.test.\t\tIN\tSOA');
    expect(lines).toContain(';; ANSWER SECTION:');
    expect(lines).toContain('healthy.test.\t300\tIN\tSOA\tns1.healthy.test. hostmaster.healthy.test. 1 2 3 4 5');
    expect(text).not.toContain('AUTHORITY SECTION');
  });

  test('footer', () => {
    expect(lines).toContain(';; Query time: 3 msec');
    expect(lines).toContain(';; SERVER: 192.0.2.1#53(192.0.2.1) (UDP)');
    expect(lines).toContain(';; WHEN: Sun Nov 22 10:00:00 UTC 2026');
    expect(lines).toContain(';; MSG SIZE  rcvd: 98');
  });

  test('no flags, no EDNS, DoH, a server name', () => {
    const t = formatMessage({ ...msg, flags: { ...msg.flags, qr: false, aa: false }, edns: undefined } as DecodedMessage, {
      server: { address: '2001:db8::1', port: 443, name: 'dns.test.' },
      transport: 'doh',
    });
    expect(t).toContain(';; flags:; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 0\n');
    expect(t).not.toContain('OPT PSEUDOSECTION');
    expect(t).toContain(';; SERVER: 2001:db8::1#443(dns.test.) (HTTPS)');
  });
});

describe('digCommand', () => {
  test.each([
    [
      { address: '192.0.2.1', port: 5300 },
      { name: 'healthy.test.', type: 'SOA' },
      { dnssecOk: true, udpSize: 1232 },
      'udp',
      'dig @192.0.2.1 -p 5300 healthy.test. SOA +norec +dnssec +bufsize=1232 +nocookie +noadflag',
    ],
    [
      { address: '192.0.2.1', port: 53 },
      { name: 'healthy.test.', type: 'NS' },
      { edns: false, tcp: true },
      'tcp',
      'dig @192.0.2.1 healthy.test. NS +norec +noedns +noadflag +tcp',
    ],
    [
      { address: '2001:db8::53', port: 53 },
      { name: 'test.', type: 'DNSKEY' },
      { recursionDesired: true, checkingDisabled: true, udpSize: 4096 },
      'udp',
      'dig @2001:db8::53 test. DNSKEY +cd +bufsize=4096 +nocookie +noadflag',
    ],
    [
      { address: '192.0.2.9', port: 443, url: 'https://192.0.2.9/dns-query' },
      { name: 'x.test.', type: 'A' },
      { recursionDesired: true },
      'doh',
      'dig @192.0.2.9 x.test. A +bufsize=1232 +nocookie +noadflag +https',
    ],
    [
      { address: '192.0.2.9', port: 8443, url: 'https://192.0.2.9:8443/resolve' },
      { name: 'x.test.', type: 'A' },
      { recursionDesired: true },
      'doh',
      'dig @192.0.2.9 -p 8443 x.test. A +bufsize=1232 +nocookie +noadflag +https=/resolve',
    ],
    [
      { address: '192.0.2.1', port: 53 },
      { name: '*.test.', type: 'TXT', class: 'CH' },
      {},
      'udp',
      "dig @192.0.2.1 '*.test.' TXT CH +norec +bufsize=1232 +nocookie +noadflag",
    ],
  ] as const)('%#: %s', (server, question, options, transport, want) => {
    expect(digCommand(server, question, options, transport)).toBe(want);
  });
});
