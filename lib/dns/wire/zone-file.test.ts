import { describe, expect, it } from 'vitest';
import type { RData } from '@/lib/dns/wire/types';
import { decodeMessage, encodeMessage } from '@/lib/dns/wire';
import { parseZoneFile, ZoneFileError } from '@/lib/dns/wire/zone-file';

const one = (line: string, origin = 'example.') => {
  const records = parseZoneFile(`$TTL 300\n${line}\n`, { origin });
  expect(records).toHaveLength(1);
  return records[0]!;
};

describe('parseZoneFile: record types', () => {
  const cases: [string, string, RData][] = [
    ['A', '@ A 192.0.2.1', '192.0.2.1'],
    ['AAAA compressed on output', '@ AAAA 2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['AAAA with IPv4 tail', '@ AAAA ::ffff:192.0.2.1', '::ffff:192.0.2.1'],
    ['NS relative', '@ NS ns1', 'ns1.example.'],
    ['NS absolute', '@ NS ns1.other.', 'ns1.other.'],
    ['CNAME', 'www CNAME @', 'example.'],
    ['DNAME', 'old DNAME new.example.', 'new.example.'],
    ['PTR', '1 PTR host', 'host.example.'],
    ['MX', '@ MX 10 mail', { preference: 10, exchange: 'mail.example.' }],
    ['TXT one string', '@ TXT "v=spf1 -all"', ['v=spf1 -all']],
    ['TXT several strings, unquoted too', '@ TXT "a b" c "d\\"e"', ['a b', 'c', 'd"e']],
    ['TXT decimal escape', '@ TXT "semi\\059colon"', ['semi;colon']],
    ['TXT empty string', '@ TXT ""', ['']],
    [
      'SOA with units',
      '@ SOA ns1 hostmaster ( 2026112201 1h 15m 1w 300 )',
      { mname: 'ns1.example.', rname: 'hostmaster.example.', serial: 2026112201, refresh: 3600, retry: 900, expire: 604800, minimum: 300 },
    ],
    [
      'DS hex split and lowercased',
      '@ DS 60485 13 2 D4B7D520E7BB5F0F67674A0CCEB1E3E0 614B93C4F9E99B83 83F6A1E4469DA50A',
      { keyTag: 60485, algorithm: 13, digestType: 2, digest: 'd4b7d520e7bb5f0f67674a0cceb1e3e0614b93c4f9e99b8383f6a1e4469da50a' },
    ],
    ['DS algorithm mnemonic', '@ DS 1 ECDSAP256SHA256 2 00ff', { keyTag: 1, algorithm: 13, digestType: 2, digest: '00ff' }],
    ['CDS delete (RFC 8078 4)', '@ CDS 0 0 0 00', { keyTag: 0, algorithm: 0, digestType: 0, digest: '00' }],
    [
      'DNSKEY base64 split',
      '@ DNSKEY 257 3 13 ( mdsswUyr3DPW132mOi8V9xESWE8jTo0d\n xCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ== )',
      { flags: 257, protocol: 3, algorithm: 13, publicKey: 'mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==' },
    ],
    ['CDNSKEY delete (RFC 8078 4)', '@ CDNSKEY 0 3 0 AA==', { flags: 0, protocol: 3, algorithm: 0, publicKey: 'AA==' }],
    [
      'RRSIG with date times',
      '@ RRSIG A 13 1 300 20261222000000 20261122000000 12345 example. ( AAAA BBBB )',
      {
        typeCovered: 'A',
        algorithm: 13,
        labels: 1,
        originalTtl: 300,
        expiration: Date.UTC(2026, 11, 22) / 1000,
        inception: Date.UTC(2026, 10, 22) / 1000,
        keyTag: 12345,
        signerName: 'example.',
        signature: 'AAAABBBB',
      },
    ],
    [
      'RRSIG with epoch seconds',
      '@ RRSIG TYPE62 13 1 300 1800000000 1700000000 1 example. AAAA',
      {
        typeCovered: 'CSYNC',
        algorithm: 13,
        labels: 1,
        originalTtl: 300,
        expiration: 1800000000,
        inception: 1700000000,
        keyTag: 1,
        signerName: 'example.',
        signature: 'AAAA',
      },
    ],
    ['NSEC types in bitmap order', '@ NSEC a.example. RRSIG NS SOA NSEC A', { nextDomain: 'a.example.', types: ['A', 'NS', 'SOA', 'RRSIG', 'NSEC'] }],
    [
      'NSEC3 (RFC 5155 3.3)',
      '0p9mhaveqvm6t7vbl5lop2u3t2rp3tom NSEC3 1 1 12 aabbccdd ( 2t7b4g4vsa5smi47k61mv5bv1a22bojr MX DNSKEY NS SOA NSEC3PARAM RRSIG )',
      {
        hashAlgorithm: 1,
        flags: 1,
        iterations: 12,
        salt: 'aabbccdd',
        nextHashedOwner: '2t7b4g4vsa5smi47k61mv5bv1a22bojr',
        types: ['NS', 'SOA', 'MX', 'RRSIG', 'DNSKEY', 'NSEC3PARAM'],
      },
    ],
    [
      'NSEC3 as dig prints it: no salt, uppercase, no types',
      '@ NSEC3 1 0 0 - 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR',
      { hashAlgorithm: 1, flags: 0, iterations: 0, salt: '', nextHashedOwner: '2t7b4g4vsa5smi47k61mv5bv1a22bojr', types: [] },
    ],
    ['NSEC3PARAM (RFC 5155 4.3)', '@ NSEC3PARAM 1 0 12 AABBCCDD', { hashAlgorithm: 1, flags: 0, iterations: 12, salt: 'aabbccdd' }],
    ['NSEC3PARAM without salt', '@ NSEC3PARAM 1 0 0 -', { hashAlgorithm: 1, flags: 0, iterations: 0, salt: '' }],
    ['CSYNC (RFC 7477 2.2)', '@ CSYNC 66 3 A NS AAAA', { serial: 66, flags: 3, types: ['A', 'NS', 'AAAA'] }],
    ['CSYNC with no types', '@ CSYNC 1 0', { serial: 1, flags: 0, types: [] }],
    ['unknown type, RFC 3597', '@ TYPE731 \\# 6 abcd ef012345', { unknown: 'abcdef012345' }],
    ['unknown type, empty RDATA', '@ TYPE731 \\# 0', { unknown: '' }],
    ['known but unmodelled type in generic form', '@ SRV \\# 3 0A0B0C', { unknown: '0a0b0c' }],
  ];
  it.each(cases)('%s', (_, line, data) => {
    expect(one(line).data).toEqual(data);
  });

  it('names types by mnemonic, TYPE<n> only without one', () => {
    expect(one('@ TYPE1 192.0.2.1').type).toBe('A');
    expect(one('@ TYPE62 1 0').type).toBe('CSYNC');
    expect(one('@ TYPE731 \\# 0').type).toBe('TYPE731');
  });
});

describe('parseZoneFile: master file syntax', () => {
  it('follows $ORIGIN, $TTL, omitted owners, TTLs and classes, in either order', () => {
    const text = [
      '$ORIGIN example.',
      '$TTL 1h',
      '@        IN  SOA ns1 hostmaster 1 2 3 4 5 ; the apex',
      '         IN  NS  ns1',
      '         7200 IN NS ns2.other.',
      'ns1      IN 60 A 192.0.2.1',
      '                A 192.0.2.2',
      '$ORIGIN sub',
      'www      CH  TXT "chaos"',
      '$TTL 5',
      '@        A 192.0.2.3',
    ].join('\n');
    const records = parseZoneFile(text);
    expect(records.map((r) => [r.name, r.ttl, r.class, r.type])).toEqual([
      ['example.', 3600, 'IN', 'SOA'],
      ['example.', 3600, 'IN', 'NS'],
      ['example.', 7200, 'IN', 'NS'],
      ['ns1.example.', 60, 'IN', 'A'],
      ['ns1.example.', 3600, 'IN', 'A'],
      ['www.sub.example.', 3600, 'CH', 'TXT'],
      ['sub.example.', 5, 'IN', 'A'],
    ]);
  });

  it('without $TTL takes the last stated TTL (RFC 1035 5.1), then options.defaultTtl first', () => {
    expect(parseZoneFile('a. 10 A 192.0.2.1\nb. A 192.0.2.2').map((r) => r.ttl)).toEqual([10, 10]);
    expect(parseZoneFile('a. 10 A 192.0.2.1\nb. A 192.0.2.2', { defaultTtl: 99 }).map((r) => r.ttl)).toEqual([10, 99]);
  });

  it('keeps the case of owner names and writes escapes one way', () => {
    const records = parseZoneFile('$ORIGIN Example.\n$TTL 1\nWWW A 192.0.2.1\na\\.b A 192.0.2.1\n\\065\\ b A 192.0.2.1\n\\000x A 192.0.2.1', {});
    expect(records.map((r) => r.name)).toEqual(['WWW.Example.', 'a\\.b.Example.', 'A\\032b.Example.', '\\000x.Example.']);
  });

  it('handles the root origin and the root name', () => {
    const records = parseZoneFile('$ORIGIN .\n$TTL 1\n@ NS a.root.\ntest NS ns1.test.\n. A 192.0.2.1');
    expect(records.map((r) => r.name)).toEqual(['.', 'test.', '.']);
  });

  it('reads parentheses across lines, comments inside them, and ; inside quotes', () => {
    const records = parseZoneFile('$TTL 1\nx. TXT ( "a;b" ; comment (with parens)\n  "c" ) ; done\ny. TXT \\;');
    expect(records.map((r) => r.data)).toEqual([['a;b', 'c'], [';']]);
  });

  it('accepts CRLF line ends and tabs', () => {
    expect(parseZoneFile('$TTL 1\r\nx.\tA\t192.0.2.1\r\n\tAAAA ::1\r\n')).toHaveLength(2);
  });

  it('keeps TXT as one character per octet, as the wire decoder does (UTF-8 text, \\DDD)', () => {
    expect(one('@ TXT "bü" "\\255"').data).toEqual(['b\u00c3\u00bc', '\u00ff']);
  });
});

describe('parseZoneFile: errors name the file and line', () => {
  const errors: [string, string, number, RegExp][] = [
    ['unknown type', '$TTL 1\n\nx. BOGUS 1', 3, /unknown record type "BOGUS"/],
    ['bad IPv4', '$TTL 1\nx. A 192.0.2.300', 2, /bad IPv4/],
    ['leading zero IPv4', '$TTL 1\nx. A 192.0.2.01', 2, /bad IPv4/],
    ['bad IPv6', '$TTL 1\nx. AAAA 2001:db8:::1', 2, /bad IPv6/],
    ['relative name without origin', '$TTL 1\nx A 192.0.2.1', 2, /relative name "x" with no \$ORIGIN/],
    ['@ without origin', '$TTL 1\n@ A 192.0.2.1', 2, /"@" with no \$ORIGIN/],
    ['no TTL at all', 'x. A 192.0.2.1', 1, /no TTL/],
    ['unbalanced (', '$TTL 1\nx. SOA a. b. (\n1 2 3 4 5\n', 2, /unbalanced "\("/],
    ['unbalanced )', '$TTL 1\nx. A 192.0.2.1 )', 2, /unbalanced "\)"/],
    ['unterminated quote', '$TTL 1\nx. TXT "abc\ny. A 192.0.2.1', 2, /unterminated/],
    ['too many fields', '$TTL 1\nx. A 192.0.2.1 192.0.2.2', 2, /unexpected "192.0.2.2"/],
    ['missing SOA fields', '$TTL 1\nx. SOA a. b. 1 2 3', 2, /SOA needs 7 fields/],
    ['bad hex digest', '$TTL 1\nx. DS 1 13 2 abc', 2, /hex/],
    ['bad base64 key', '$TTL 1\nx. DNSKEY 257 3 13 !!!!', 2, /base64/],
    ['label too long', `$TTL 1\n${'a'.repeat(64)}. A 192.0.2.1`, 2, /63/],
    ['name too long', `$TTL 1\n${('a'.repeat(63) + '.').repeat(4)} A 192.0.2.1`, 2, /255/],
    ['empty label', '$TTL 1\na..b. A 192.0.2.1', 2, /empty label/],
    ['bad \\DDD', '$TTL 1\n\\256x. A 192.0.2.1', 2, /255/],
    ['generic length mismatch', '$TTL 1\nx. TYPE731 \\# 3 abcd', 2, /length 3/],
    ['generic form for a modelled type', '$TTL 1\nx. A \\# 4 c0000201', 2, /presentation form/],
    ['unmodelled type in presentation form', '$TTL 1\nx. SRV 0 0 53 a.', 2, /TYPE33/],
    ['meta type', '$TTL 1\nx. ANY 1', 2, /meta-type/],
    ['$INCLUDE', '$INCLUDE other.zone', 1, /not supported/],
    ['unknown directive', '$FOO bar', 1, /unknown directive/],
    ['no owner to inherit', '$TTL 1\n  A 192.0.2.1', 2, /no owner name/],
    ['TTL above 2^31-1', 'x. 2147483648 A 192.0.2.1', 1, /2\^31-1/],
    ['RRSIG bad date', '$TTL 1\nx. RRSIG A 13 1 1 20261340000000 20261122000000 1 x. AAAA', 2, /expiration/],
    ['NSEC3 without next hashed owner', '$TTL 1\nx. NSEC3 1 1 12 aabbccdd', 2, /NSEC3 needs/],
    ['NSEC3 next hashed owner not base32hex', '$TTL 1\nx. NSEC3 1 1 12 - 2t7b4g4vsa5smi47k61mv5bv1a22bojz A', 2, /bad next hashed owner.*base32hex/],
    ['NSEC3 salt not hex', '$TTL 1\nx. NSEC3 1 1 12 xyz 2t7b4g4vsa5smi47k61mv5bv1a22bojr A', 2, /bad salt/],
    ['NSEC3 iterations too big', '$TTL 1\nx. NSEC3 1 1 65536 - 2t7b4g4vsa5smi47k61mv5bv1a22bojr A', 2, /iterations 65536 is above 65535/],
    ['NSEC3PARAM extra field', '$TTL 1\nx. NSEC3PARAM 1 0 0 - A', 2, /NSEC3PARAM needs/],
    ['CSYNC unknown type', '$TTL 1\nx. CSYNC 1 3 A BOGUS', 2, /unknown record type "BOGUS" in the type list/],
    ['TXT string too long', `$TTL 1\nx. TXT "${'a'.repeat(256)}"`, 2, /255 octets/],
  ];
  it.each(errors)('%s', (_, text, line, message) => {
    let error: unknown;
    try {
      parseZoneFile(text, { fileName: 'lab.zone' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ZoneFileError);
    const e = error as ZoneFileError;
    expect(e.line).toBe(line);
    expect(e.message.startsWith(`lab.zone:${line}: `)).toBe(true);
    expect(e.message).toMatch(message);
  });
});

describe('parseZoneFile: same shapes as the wire decoder', () => {
  it('round-trips every modelled type through encodeMessage and decodeMessage', () => {
    const records = parseZoneFile(
      [
        '$ORIGIN Example.',
        '$TTL 300',
        '@ SOA ns1 hostmaster 1 2 3 4 5',
        '@ NS ns1',
        'ns1 A 192.0.2.1',
        'ns1 AAAA 2001:db8::1',
        'www CNAME @',
        'old DNAME new.example.',
        '1 PTR host',
        '@ MX 10 mail',
        '@ TXT "a b" "\\255" ""',
        '@ DS 1 13 2 00ff',
        '@ CDS 0 0 0 00',
        '@ DNSKEY 257 3 13 AAAA',
        '@ CDNSKEY 0 3 0 AA==',
        '@ RRSIG A 13 1 300 20261222000000 20261122000000 12345 example. AAAA',
        '@ NSEC a.example. A NS SOA RRSIG NSEC TYPE731',
        '@ CSYNC 66 3 A NS AAAA',
        '0p9mhaveqvm6t7vbl5lop2u3t2rp3tom NSEC3 1 1 12 aabbccdd 2t7b4g4vsa5smi47k61mv5bv1a22bojr NS SOA MX RRSIG DNSKEY NSEC3PARAM',
        '@ NSEC3PARAM 1 0 0 -',
        '@ TYPE731 \\# 2 abcd',
        'a\\.b\\000 A 192.0.2.1',
      ].join('\n'),
    );
    const decoded = decodeMessage(encodeMessage({ id: 1, flags: { qr: true }, answer: records }));
    expect(decoded.ok).toBe(true);
    if (decoded.ok) expect(decoded.message.answer).toEqual(records);
  });
});
