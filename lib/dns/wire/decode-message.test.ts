import { describe, expect, test } from 'vitest';
import type { RData } from '@/lib/dns/wire/types';
import { decodeMessage } from '@/lib/dns/wire/decode-message';
import { encodeMessage } from '@/lib/dns/wire/encode-message';
import { encodeRdata } from '@/lib/dns/wire/rdata-codec';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const u16 = (n: number) => n.toString(16).padStart(4, '0');

/** id 0x1234, QR AA; question example.com./type/IN; one answer owned by c00c with TTL 3600. */
function answerPacket(type: number, rdata: string): Buffer {
  const r = rdata.replace(/\s+/g, '');
  return hex(`1234 8400 0001 0001 0000 0000  07 6578616d706c65 03 636f6d 00 ${u16(type)} 0001  c00c ${u16(type)} 0001 00000e10 ${u16(r.length / 2)} ${r}`);
}

interface Golden {
  type: string;
  number: number;
  /** RDATA as it sits in the packet (may hold pointers into it). */
  rdata: string;
  data: RData;
  /** RDATA alone, uncompressed, when it differs from `rdata`. */
  uncompressed?: string;
}

const EXAMPLE_COM = '07 6578616d706c65 03 636f6d 00';
const GOLDEN: Golden[] = [
  { type: 'A', number: 1, rdata: 'c0000201', data: '192.0.2.1' },
  { type: 'AAAA', number: 28, rdata: '20010db8000000000000000000000001', data: '2001:db8::1' },
  { type: 'AAAA', number: 28, rdata: '00000000000000000000ffffc0000201', data: '::ffff:192.0.2.1' },
  { type: 'NS', number: 2, rdata: '036e7331 07 6578616d706c65 036e6574 00', data: 'ns1.example.net.' },
  { type: 'NS', number: 2, rdata: '036e7331 c00c', data: 'ns1.example.com.', uncompressed: `036e7331 ${EXAMPLE_COM}` },
  { type: 'CNAME', number: 5, rdata: '03777777 07 6578616d706c65 036f7267 00', data: 'www.example.org.' },
  {
    type: 'SOA',
    number: 6,
    rdata: '036e7331 c00c 0a686f73746d6173746572 c00c 78a3f175 00001c20 00000e10 00127500 0000012c',
    uncompressed: `036e7331 ${EXAMPLE_COM} 0a686f73746d6173746572 ${EXAMPLE_COM} 78a3f175 00001c20 00000e10 00127500 0000012c`,
    data: { mname: 'ns1.example.com.', rname: 'hostmaster.example.com.', serial: 2024010101, refresh: 7200, retry: 3600, expire: 1209600, minimum: 300 },
  },
  {
    type: 'SOA',
    number: 6,
    // An RNAME whose first label holds a dot (RFC 1035 8: john.doe@example.com).
    rdata: '00 08 6a6f686e2e646f65 c00c 00000001 00000002 00000003 00000004 00000005',
    uncompressed: `00 08 6a6f686e2e646f65 ${EXAMPLE_COM} 00000001 00000002 00000003 00000004 00000005`,
    data: { mname: '.', rname: 'john\\.doe.example.com.', serial: 1, refresh: 2, retry: 3, expire: 4, minimum: 5 },
  },
  {
    type: 'MX',
    number: 15,
    rdata: '000a 046d61696c c00c',
    data: { preference: 10, exchange: 'mail.example.com.' },
    uncompressed: `000a 046d61696c ${EXAMPLE_COM}`,
  },
  { type: 'TXT', number: 16, rdata: '0b763d73706631202d616c6c 00 03 22ff5c', data: ['v=spf1 -all', '', '"\u00ff\\'] },
  {
    type: 'DS',
    number: 43,
    rdata: 'ec45 05 01 2bb183af5f22588179a53b0a98631fad1a292118',
    data: { keyTag: 60485, algorithm: 5, digestType: 1, digest: '2bb183af5f22588179a53b0a98631fad1a292118' },
  },
  // RFC 8078 4 (erratum 5049): the "delete DS" CDS.
  { type: 'CDS', number: 59, rdata: '0000 00 00 00', data: { keyTag: 0, algorithm: 0, digestType: 0, digest: '00' } },
  {
    type: 'DNSKEY',
    number: 48,
    rdata: '0101 03 0d 1a88c88615d437fbb8bf9e1942a1929f28562706ae6c2bd399e7b1bfb6d1e9e75b92b4aa42917ae1c61b701ef035c3fe7be3009cbafe5a2f71316c902dcf0d00',
    data: { flags: 257, protocol: 3, algorithm: 13, publicKey: 'GojIhhXUN/u4v54ZQqGSnyhWJwaubCvTmeexv7bR6edbkrSqQpF64cYbcB7wNcP+e+MAnLr+Wi9xMWyQLc8NAA==' },
  },
  // dns-packet throws on protocol ≠ 3; we keep the record so a check can report it.
  { type: 'DNSKEY', number: 48, rdata: '0100 02 08 0102', data: { flags: 256, protocol: 2, algorithm: 8, publicKey: 'AQI=' } },
  // RFC 8078 4: the "delete DNSKEY" CDNSKEY.
  { type: 'CDNSKEY', number: 60, rdata: '0000 03 00 00', data: { flags: 0, protocol: 3, algorithm: 0, publicKey: 'AA==' } },
  {
    type: 'RRSIG',
    number: 46,
    rdata: `0001 0d 03 00000e10 4c88b737 4c63cd37 d960 07 6578616d706c65 036e6574 00 0102030405`,
    data: {
      typeCovered: 'A',
      algorithm: 13,
      labels: 3,
      originalTtl: 3600,
      expiration: 1284028215,
      inception: 1281609015,
      keyTag: 55648,
      signerName: 'example.net.',
      signature: 'AQIDBAU=',
    },
  },
  // dns-packet would name the covered type UNKNOWN_62.
  {
    type: 'RRSIG',
    number: 46,
    rdata: `003e 0d 02 00000e10 00000002 00000001 0001 ${EXAMPLE_COM} ff`,
    data: {
      typeCovered: 'CSYNC',
      algorithm: 13,
      labels: 2,
      originalTtl: 3600,
      expiration: 2,
      inception: 1,
      keyTag: 1,
      signerName: 'example.com.',
      signature: '/w==',
    },
  },
  // RFC 4034 4.3.
  {
    type: 'NSEC',
    number: 47,
    rdata: `04686f7374 ${EXAMPLE_COM} 0006 4001 00000003 041b ${'00'.repeat(26)} 20`,
    data: { nextDomain: 'host.example.com.', types: ['A', 'MX', 'RRSIG', 'NSEC', 'TYPE1234'] },
  },
  // RFC 5155 Appendix A: the apex NSEC3 of `example` (hash bytes from Python's base64.b32hexdecode).
  {
    type: 'NSEC3',
    number: 50,
    rdata: '01 01 000c 04 aabbccdd 14 174eb2409fe28bcb4887a1836f957f0a8425e27b 0007 22010000000290',
    data: {
      hashAlgorithm: 1,
      flags: 1,
      iterations: 12,
      salt: 'aabbccdd',
      nextHashedOwner: '2t7b4g4vsa5smi47k61mv5bv1a22bojr',
      types: ['NS', 'SOA', 'MX', 'RRSIG', 'DNSKEY', 'NSEC3PARAM'],
    },
  },
  // No salt, no types (an empty non-terminal's NSEC3).
  {
    type: 'NSEC3',
    number: 50,
    rdata: '01 00 0000 00 01 ff',
    data: { hashAlgorithm: 1, flags: 0, iterations: 0, salt: '', nextHashedOwner: 'vs', types: [] },
  },
  { type: 'NSEC3PARAM', number: 51, rdata: '01 00 000c 04 aabbccdd', data: { hashAlgorithm: 1, flags: 0, iterations: 12, salt: 'aabbccdd' } },
  // RFC 7477 2.1.1's example: CSYNC 66 3 A NS AAAA.
  { type: 'CSYNC', number: 62, rdata: '00000042 0003 00 04 60000008', data: { serial: 66, flags: 3, types: ['A', 'NS', 'AAAA'] } },
  // RFC 3597 5's example type, and a type we know by name but do not model.
  { type: 'TYPE731', number: 731, rdata: 'abcdef012345', data: { unknown: 'abcdef012345' } },
  { type: 'SRV', number: 33, rdata: '000a 0005 01bb 00', data: { unknown: '000a000501bb00' } },
  { type: 'TYPE4000', number: 4000, rdata: '', data: { unknown: '' } },
];

describe('golden packets: bytes ↔ records', () => {
  test.each(GOLDEN.map((g) => [`${g.type} ${JSON.stringify(g.data).slice(0, 40)}`, g] as const))('%s', (_, g) => {
    const bytes = answerPacket(g.number, g.rdata);
    const decoded = decodeMessage(bytes);
    if (!decoded.ok) throw new Error(`${decoded.error.kind}: ${decoded.error.message}`);
    expect(decoded.message.answer).toEqual([{ name: 'example.com.', type: g.type, class: 'IN', ttl: 3600, data: g.data }]);
    expect(decoded.message.question).toEqual([{ name: 'example.com.', type: g.type, class: 'IN' }]);
    expect(decoded.message.size).toBe(bytes.length);
    expect(encodeRdata(g.type, g.data).toString('hex')).toBe((g.uncompressed ?? g.rdata).replace(/\s+/g, ''));
    // Our encoder compresses as the golden packets do, so the whole message comes back exactly.
    expect(encodeMessage(decoded.message).toString('hex')).toBe(bytes.toString('hex'));
  });
});

describe('header and EDNS', () => {
  test('flags, opcode and the extended rcode from OPT (RFC 6891 6.1.3)', () => {
    // flags: QR, opcode NOTIFY (4), AA TC RD RA AD CD, rcode 0; OPT TTL extended rcode 1 → BADVERS (16).
    const bytes = hex('beef a7b0 0000 0000 0000 0001 00 0029 04d0 01008000 0000');
    const r = decodeMessage(bytes);
    expect(r.ok && r.message).toMatchObject({
      id: 0xbeef,
      opcode: 'NOTIFY',
      rcode: 'BADVERS',
      flags: { qr: true, aa: true, tc: true, rd: true, ra: true, ad: true, cd: true },
      additional: [],
      edns: { udpSize: 1232, extendedRcode: 1, version: 0, dnssecOk: true, options: [] },
    });
  });

  test('EDNS options stay as hex, OPT leaves the additional section', () => {
    const bytes = hex(`0001 8000 0000 0000 0000 0002  ${EXAMPLE_COM} 0001 0001 00000e10 0004 c0000201  00 0029 1000 00000000 000a 000a 0002 abcd 0003 0000`);
    const r = decodeMessage(bytes);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.message.additional).toEqual([{ name: 'example.com.', type: 'A', class: 'IN', ttl: 3600, data: '192.0.2.1' }]);
    expect(r.message.edns).toEqual({
      udpSize: 4096,
      extendedRcode: 0,
      version: 0,
      dnssecOk: false,
      options: [
        { code: 10, data: 'abcd' },
        { code: 3, data: '' },
      ],
    });
  });

  test('unknown rcodes, opcodes and classes get RFC 3597-style names', () => {
    const r = decodeMessage(hex(`0001 780c 0001 0000 0000 0000 ${EXAMPLE_COM} 0001 0009`));
    expect(r.ok && [r.message.opcode, r.message.rcode, r.message.question[0]]).toEqual([
      'OPCODE15',
      'RCODE12',
      { name: 'example.com.', type: 'A', class: 'CLASS9' },
    ]);
  });

  test('names keep their case and every octet, escaped (RFC 1035 5.1)', () => {
    const r = decodeMessage(hex('0001 0000 0001 0000 0000 0000  03 612e62 02 ff20 03 4e6f57 00 0001 0001'));
    expect(r.ok && r.message.question[0]?.name).toBe('a\\.b.\\255\\032.NoW.');
  });
});

describe('hostile bytes: each a typed error', () => {
  const Q = `${EXAMPLE_COM} 0001 0001`;
  const cases: [string, string, string, number?][] = [
    ['empty', '', 'truncated', 0],
    ['short header', '1234 8400 0001 0000 00', 'truncated', 0],
    ['question count but no question', '1234 8400 0001 0000 0000 0000', 'truncated', 12],
    ['question cut inside its name', '1234 8400 0001 0000 0000 0000 07 657861', 'truncated'],
    ['question cut before type and class', `1234 8400 0001 0000 0000 0000 ${EXAMPLE_COM} 00`, 'truncated'],
    ['answer count but no answer', `1234 8400 0001 0001 0000 0000 ${Q}`, 'truncated'],
    ['record header cut short', `1234 8400 0001 0001 0000 0000 ${Q} c00c 0001 0001 0000`, 'truncated'],
    ['pointer cut in half', `1234 8400 0001 0001 0000 0000 ${Q} c0`, 'truncated'],
    ['self-pointer', '1234 8400 0001 0000 0000 0000 c00c 0001 0001', 'pointer-loop', 12],
    ['two-pointer cycle', '1234 8400 0002 0000 0000 0000 c012 0001 0001 c00c 0001 0001', 'pointer-loop', 12],
    ['label then pointer back to itself', '1234 8400 0001 0000 0000 0000 0161 c00c 0001 0001', 'pointer-loop', 14],
    ['forward pointer', `1234 8400 0001 0000 0000 0000 c00e ${EXAMPLE_COM} 0001 0001`, 'pointer-forward', 12],
    ['pointer past the end', '1234 8400 0001 0000 0000 0000 c0ff 0001 0001', 'pointer-out-of-range', 12],
    ['pointer past the end (14-bit)', '1234 8400 0001 0000 0000 0000 ffff 0001 0001', 'pointer-out-of-range', 12],
    // The header holds no name: read as one, the ID would be part of it.
    ['pointer into the header', `1234 8400 0001 0001 0000 0000 ${Q} c00c 0002 0001 00000e10 0002 c000`, 'pointer-out-of-range'],
    ['pointer to the header counts', '1234 8400 0001 0000 0000 0000 c004 0001 0001', 'pointer-out-of-range', 12],
    ['rdlength past the end', `1234 8400 0001 0001 0000 0000 ${Q} c00c 0001 0001 00000e10 0005 c0000201`, 'rdlength-overrun', 39],
    ['A with rdlength 3', `1234 8400 0001 0001 0000 0000 ${Q} c00c 0001 0001 00000e10 0003 c00002`, 'bad-rdata'],
    ['NS name longer than rdlength', `1234 8400 0001 0001 0000 0000 ${Q} c00c 0002 0001 00000e10 0002 036e7331 00`, 'bad-rdata'],
    ['SOA shorter than its counters', `1234 8400 0001 0001 0000 0000 ${Q} c00c 0006 0001 00000e10 0008 00 00 00000001 0000`, 'bad-rdata'],
    ['MX shorter than its preference', `1234 8400 0001 0001 0000 0000 ${Q} c00c 000f 0001 00000e10 0001 00`, 'bad-rdata'],
    ['TXT string longer than rdlength', `1234 8400 0001 0001 0000 0000 ${Q} c00c 0010 0001 00000e10 0002 05 61`, 'bad-rdata'],
    ['DS shorter than 4', `1234 8400 0001 0001 0000 0000 ${Q} c00c 002b 0001 00000e10 0003 000102`, 'bad-rdata'],
    ['RRSIG shorter than its fixed part', `1234 8400 0001 0001 0000 0000 ${Q} c00c 002e 0001 00000e10 0004 00010d03`, 'bad-rdata'],
    [
      'RRSIG signer past rdlength',
      `1234 8400 0001 0001 0000 0000 ${Q} c00c 002e 0001 00000e10 0013 0001 0d 02 00000e10 00000002 00000001 0001 07 6578616d706c65 03 636f6d 00`,
      'bad-rdata',
    ],
    ['NSEC bitmap window too long', `1234 8400 0001 0001 0000 0000 ${Q} c00c 002f 0001 00000e10 0005 00 0021 ff ff`, 'bad-rdata'],
    ['NSEC windows out of order', `1234 8400 0001 0001 0000 0000 ${Q} c00c 002f 0001 00000e10 0007 00 0101 40 0001 40`, 'bad-rdata'],
    ['NSEC3 shorter than its fixed part', `1234 8400 0001 0001 0000 0000 ${Q} c00c 0032 0001 00000e10 0004 0100000c`, 'bad-rdata'],
    ['NSEC3 salt past rdlength', `1234 8400 0001 0001 0000 0000 ${Q} c00c 0032 0001 00000e10 0007 0100000c 04 aabb`, 'bad-rdata'],
    ['NSEC3 with no hash length', `1234 8400 0001 0001 0000 0000 ${Q} c00c 0032 0001 00000e10 0005 0100000c 00`, 'bad-rdata'],
    ['NSEC3 with an empty hash', `1234 8400 0001 0001 0000 0000 ${Q} c00c 0032 0001 00000e10 0006 0100000c 00 00`, 'bad-rdata'],
    ['NSEC3 hash past rdlength', `1234 8400 0001 0001 0000 0000 ${Q} c00c 0032 0001 00000e10 0008 0100000c 00 14 abcd`, 'bad-rdata'],
    ['NSEC3 bad bitmap', `1234 8400 0001 0001 0000 0000 ${Q} c00c 0032 0001 00000e10 000a 0100000c 00 01 ab 00 21 ff`, 'bad-rdata'],
    ['NSEC3PARAM with trailing octets', `1234 8400 0001 0001 0000 0000 ${Q} c00c 0033 0001 00000e10 0007 0100000c 01 aa bb`, 'bad-rdata'],
    ['CSYNC without flags', `1234 8400 0001 0001 0000 0000 ${Q} c00c 003e 0001 00000e10 0004 00000042`, 'bad-rdata'],
    ['OPT option past rdlength', `1234 8400 0000 0000 0000 0001 00 0029 04d0 00000000 0006 000a 0004 abcd`, 'bad-rdata'],
    ['label type 0x40', '1234 8400 0001 0000 0000 0000 41 00 0001 0001', 'bad-label-type', 12],
    ['label type 0x80', '1234 8400 0001 0000 0000 0000 80 00 0001 0001', 'bad-label-type', 12],
    [
      'name over 255 octets',
      `1234 8400 0001 0000 0000 0000 ${'3f' + '61'.repeat(63)}${'3f' + '61'.repeat(63)}${'3f' + '61'.repeat(63)}${'3f' + '61'.repeat(63)} 00 0001 0001`,
      'name-too-long',
    ],
    [
      'name over 255 octets through pointers',
      `1234 8400 0002 0000 0000 0000 ${'3f' + '61'.repeat(63)}${'3f' + '61'.repeat(63)}${'3f' + '61'.repeat(63)} 00 0001 0001 ${'3f' + '62'.repeat(63)} c00c 0001 0001`,
      'name-too-long',
    ],
    ['label runs past the end', '1234 8400 0001 0000 0000 0000 3f 6161', 'truncated'],
    ['trailing octets', `1234 8400 0001 0000 0000 0000 ${Q} 00`, 'trailing-data', 29],
  ];
  test.each(cases)('%s → %s', (_, bytes, kind, offset) => {
    const r = decodeMessage(hex(bytes));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.kind).toBe(kind);
    expect(r.error.message).not.toBe('');
    if (offset !== undefined) expect(r.error.offset).toBe(offset);
  });

  test('a 255-octet name is still fine', () => {
    const name = ['3f' + '61'.repeat(63), '3f' + '61'.repeat(63), '3f' + '61'.repeat(63), '3d' + '61'.repeat(61)].join('');
    const r = decodeMessage(hex(`1234 8400 0001 0000 0000 0000 ${name} 00 0001 0001`));
    expect(r.ok).toBe(true);
  });

  test('a long chain of backward pointers decodes (each hop moves earlier)', () => {
    // Question names: example.com., then 20 names each `x` + pointer to the previous one.
    let bytes = `1234 8400 0015 0000 0000 0000 ${EXAMPLE_COM} 0001 0001`;
    let previous = 12;
    let at = 12 + 13 + 4;
    for (let i = 0; i < 20; i++) {
      bytes += ` 0178 ${(0xc000 | previous).toString(16)} 0001 0001`;
      previous = at;
      at += 8;
    }
    const r = decodeMessage(hex(bytes));
    expect(r.ok && r.message.question[20]?.name).toBe('x.'.repeat(20) + 'example.com.');
  });
});
