import { describe, expect, test } from 'vitest';
import type { DecodedMessage, ResourceRecord } from '@/lib/dns/wire/types';
import { decodeMessage } from '@/lib/dns/wire/decode-message';
import { encodeMessage, type MessageInput } from '@/lib/dns/wire/encode-message';
import { encodeQuery } from '@/lib/dns/wire/encode-query';
import { truncateForUdp } from '@/lib/dns/wire/truncate-for-udp';
import { WireFormatError } from '@/lib/dns/wire/wire-error';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

function decoded(bytes: Uint8Array): DecodedMessage {
  const r = decodeMessage(bytes);
  if (!r.ok) throw new Error(`${r.error.kind}: ${r.error.message}`);
  return r.message;
}

/** encode → decode → the same message; encode again → the same bytes (with and without compression). */
function roundTrip(msg: DecodedMessage): void {
  for (const compress of [true, false]) {
    const bytes = encodeMessage(msg, { compress });
    const back = decoded(bytes);
    expect(back).toEqual({ ...msg, size: bytes.length });
    expect(encodeMessage(back, { compress }).equals(bytes)).toBe(true);
  }
}

const FLAGS = { qr: true, aa: true, tc: false, rd: false, ra: false, ad: false, cd: false };
const rr = (name: string, type: string, data: ResourceRecord['data'], ttl = 3600): ResourceRecord => ({ name, type, class: 'IN', ttl, data });

const EVERY_TYPE: ResourceRecord[] = [
  rr('example.com.', 'SOA', {
    mname: 'ns1.example.com.',
    rname: 'hostmaster.example.com.',
    serial: 4294967295,
    refresh: 7200,
    retry: 3600,
    expire: 1209600,
    minimum: 300,
  }),
  rr('example.com.', 'NS', 'ns1.example.com.'),
  rr('example.com.', 'NS', 'NS2.Example.NET.'),
  rr('www.example.com.', 'CNAME', 'example.com.'),
  rr('example.com.', 'A', '192.0.2.1'),
  rr('example.com.', 'AAAA', '2001:db8::1'),
  rr('example.com.', 'MX', { preference: 0, exchange: '.' }),
  rr('example.com.', 'TXT', ['v=spf1 -all', '', 'quote " and \\ and \u0000\u00ff']),
  rr('sub.example.com.', 'DS', { keyTag: 60485, algorithm: 5, digestType: 1, digest: '2bb183af5f22588179a53b0a98631fad1a292118' }),
  rr('example.com.', 'CDS', { keyTag: 0, algorithm: 0, digestType: 0, digest: '00' }),
  rr('example.com.', 'DNSKEY', {
    flags: 257,
    protocol: 3,
    algorithm: 13,
    publicKey: 'GojIhhXUN/u4v54ZQqGSnyhWJwaubCvTmeexv7bR6edbkrSqQpF64cYbcB7wNcP+e+MAnLr+Wi9xMWyQLc8NAA==',
  }),
  rr('example.com.', 'DNSKEY', { flags: 256, protocol: 7, algorithm: 253, publicKey: '' }),
  rr('example.com.', 'CDNSKEY', { flags: 0, protocol: 3, algorithm: 0, publicKey: 'AA==' }),
  rr('example.com.', 'RRSIG', {
    typeCovered: 'TYPE65534',
    algorithm: 13,
    labels: 2,
    originalTtl: 3600,
    expiration: 4294967295,
    inception: 0,
    keyTag: 65535,
    signerName: 'Example.com.',
    signature: 'AQIDBA==',
  }),
  rr('example.com.', 'NSEC', { nextDomain: 'A.example.com.', types: ['A', 'NS', 'SOA', 'RRSIG', 'NSEC', 'DNSKEY', 'CSYNC', 'CAA', 'TYPE65534'] }),
  rr('example.com.', 'CSYNC', { serial: 66, flags: 3, types: ['A', 'NS', 'AAAA'] }),
  rr('example.com.', 'TYPE731', { unknown: 'abcdef012345' }),
  rr('example.com.', 'HTTPS', { unknown: '0001000000' }),
  rr('a\\.b\\255.example.com.', 'PTR', 'x\\032y.example.'),
  rr('example.com.', 'DNAME', 'example.net.'),
];

describe('encodeMessage', () => {
  test('round trip: every type we model, both with and without compression', () => {
    roundTrip({
      id: 0xffff,
      opcode: 'QUERY',
      rcode: 'NOERROR',
      flags: FLAGS,
      question: [{ name: 'example.com.', type: 'ANY', class: 'IN' }],
      answer: EVERY_TYPE,
      authority: [rr('example.com.', 'NS', 'ns1.example.com.')],
      additional: [rr('ns1.example.com.', 'A', '192.0.2.53')],
      edns: {
        udpSize: 1232,
        version: 0,
        dnssecOk: true,
        extendedRcode: 0,
        options: [
          { code: 10, data: '0102030405060708' },
          { code: 3, data: '' },
        ],
      },
      size: 0,
    });
  });

  test('round trip: every flag, opcode and rcode, extended ones through OPT', () => {
    for (const rcode of ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED', 'NOTAUTH', 'RCODE15'] as const) {
      roundTrip({
        id: 1,
        opcode: 'UPDATE',
        rcode,
        flags: { qr: true, aa: true, tc: true, rd: true, ra: true, ad: true, cd: true },
        question: [],
        answer: [],
        authority: [],
        additional: [],
        size: 0,
      });
    }
    for (const rcode of ['BADVERS', 'RCODE4095'] as const) {
      roundTrip({
        id: 2,
        opcode: 'QUERY',
        rcode,
        flags: FLAGS,
        question: [],
        answer: [],
        authority: [],
        additional: [],
        edns: { udpSize: 512, version: 1, dnssecOk: false, extendedRcode: rcode === 'BADVERS' ? 1 : 255, options: [] },
        size: 0,
      });
    }
  });

  test('BADVERS goes 0 in the header and 1 in OPT (RFC 6891 6.1.3)', () => {
    const bytes = encodeMessage({ id: 1, rcode: 'BADVERS', flags: { qr: true }, edns: {} });
    expect(bytes.toString('hex')).toBe('000180000000000000000001' + '00 0029 04d0 01000000 0000'.replace(/ /g, ''));
  });

  test('compression: owners and the RFC 3597 4 RDATA names point back; DNAME and RRSIG signer never do', () => {
    const bytes = encodeMessage({
      id: 0,
      flags: { qr: true },
      question: [{ name: 'example.com.', type: 'NS' }],
      answer: [rr('Example.COM.', 'NS', 'ns1.example.com.'), rr('example.com.', 'DNAME', 'example.com.')],
    });
    expect(bytes.toString('hex')).toBe(
      '000080000001000200000000' +
        '076578616d706c6503636f6d0000020001' +
        'c00c000200010000' +
        '0e100006' +
        '036e7331c00c' +
        'c00c002700010000' +
        '0e10000d' +
        '076578616d706c6503636f6d00',
    );
  });

  test('a hostile test server can send any RDATA as {unknown}', () => {
    const bytes = encodeMessage({ id: 0, answer: [rr('x.', 'A', { unknown: '0102' })] });
    expect(decodeMessage(bytes)).toMatchObject({ ok: false, error: { kind: 'bad-rdata' } });
  });

  test.each([
    [{ id: 0, answer: [rr('x.', 'A', '300.1.1.1')] }, 'bad-input'],
    [{ id: 0, answer: [rr('x.', 'AAAA', '2001:db8::1::2')] }, 'bad-input'],
    [{ id: 0, answer: [rr('x.', 'BOGUS', 'x')] }, 'unknown-type'],
    [{ id: 0, answer: [rr('x.', 'SRV', 'x')] }, 'bad-input'],
    [{ id: 0, answer: [rr('x..', 'A', '1.2.3.4')] }, 'bad-name'],
    [{ id: 0, answer: [rr('x.', 'NS', 'a'.repeat(64) + '.')] }, 'label-too-long'],
    [{ id: 0, answer: [rr('x.', 'TXT', ['a'.repeat(256)])] }, 'bad-input'],
    [{ id: 0, answer: [rr('x.', 'DS', { keyTag: 70000, algorithm: 1, digestType: 1, digest: '' })] }, 'bad-input'],
    [{ id: 0, answer: [rr('x.', 'DS', { keyTag: 1, algorithm: 1, digestType: 1, digest: 'xyz' })] }, 'bad-input'],
    [{ id: 0, answer: [rr('x.', 'NSEC', { nextDomain: 'x.', types: ['NOPE'] })] }, 'unknown-type'],
    [{ id: 0, rcode: 'BADVERS' as const }, 'bad-input'],
    [{ id: 70000 }, 'bad-input'],
  ] as [MessageInput, string][])('refuses bad input %#: %s', (msg, kind) => {
    try {
      encodeMessage(msg);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(WireFormatError);
      expect((e as WireFormatError).kind).toBe(kind);
    }
  });
});

describe('encodeQuery', () => {
  test('golden: CSYNC goes as type 62 (dns-packet would send 0), EDNS 1232 with DO', () => {
    const bytes = encodeQuery({ name: 'Example.com', type: 'CSYNC' }, { id: 7, dnssecOk: true });
    expect(bytes.toString('hex')).toBe(
      hex('0007 0000 0001 0000 0000 0001 07 4578616d706c65 03 636f6d 00 003e 0001 00 0029 04d0 00 00 8000 0000').toString('hex'),
    );
  });

  test('options: no EDNS, RD, CD, TYPE<n>, another class', () => {
    const bytes = encodeQuery(
      { name: 'version.bind.', type: 'TYPE16', class: 'CH' },
      { id: 0xabcd, edns: false, recursionDesired: true, checkingDisabled: true },
    );
    expect(bytes.toString('hex')).toBe(hex('abcd 0110 0001 0000 0000 0000 07 76657273696f6e 04 62696e64 00 0010 0003').toString('hex'));
    const m = decoded(encodeQuery({ name: 'x.', type: 'DNSKEY' }, { id: 1, udpSize: 4096 }));
    expect(m.edns).toEqual({ udpSize: 4096, version: 0, dnssecOk: false, extendedRcode: 0, options: [] });
    expect(m.flags.rd).toBe(false);
  });
});

describe('truncateForUdp', () => {
  const referral = (n: number): MessageInput => ({
    id: 9,
    flags: { qr: true },
    question: [{ name: 'www.example.com.', type: 'A' }],
    authority: Array.from({ length: n }, (_, i) => rr('example.com.', 'NS', `ns${i}.example.com.`, 172800)),
    additional: Array.from({ length: n }, (_, i) => rr(`ns${i}.example.com.`, 'AAAA', `2001:db8::${i + 1}`, 172800)),
    edns: { udpSize: 1232 },
  });

  test('fits: the same bytes as encodeMessage', () => {
    expect(truncateForUdp(referral(2), 512).equals(encodeMessage(referral(2)))).toBe(true);
  });

  test('additional data that does not fit is left out without TC (RFC 2181 9); OPT stays', () => {
    const full = encodeMessage(referral(13));
    const cut = truncateForUdp(referral(13), 512);
    expect(full.length).toBeGreaterThan(512);
    expect(cut.length).toBeLessThanOrEqual(512);
    const m = decoded(cut);
    expect(m.flags.tc).toBe(false);
    expect(m.authority).toHaveLength(13);
    expect(m.additional.length).toBeGreaterThan(0);
    expect(m.additional.length).toBeLessThan(13);
    expect(m.edns?.udpSize).toBe(1232);
  });

  test('an answer RRset that does not fit is dropped whole and TC is set', () => {
    const big: MessageInput = {
      id: 1,
      flags: { qr: true, aa: true },
      question: [{ name: 'example.com.', type: 'TXT' }],
      answer: Array.from({ length: 10 }, (_, i) => rr('example.com.', 'TXT', ['x'.repeat(100) + i])),
      authority: [rr('example.com.', 'NS', 'ns1.example.com.')],
    };
    const m = decoded(truncateForUdp(big, 512));
    expect(m.flags.tc).toBe(true);
    expect(m.flags.aa).toBe(true);
    expect([m.answer.length, m.authority.length, m.additional.length]).toEqual([0, 0, 0]);
    expect(m.question).toHaveLength(1);
  });

  test('RRsets before the one that does not fit stay', () => {
    const msg: MessageInput = {
      id: 1,
      flags: { qr: true },
      question: [{ name: 'example.com.', type: 'ANY' }],
      answer: [
        rr('example.com.', 'A', '192.0.2.1'),
        rr('example.com.', 'A', '192.0.2.2'),
        ...Array.from({ length: 5 }, () => rr('example.com.', 'TXT', ['y'.repeat(200)])),
      ],
    };
    const m = decoded(truncateForUdp(msg, 512));
    expect(m.flags.tc).toBe(true);
    expect(m.answer.map((r) => r.type)).toEqual(['A', 'A']);
  });
});
