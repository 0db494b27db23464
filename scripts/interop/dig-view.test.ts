import { describe, expect, it } from 'vitest';
import type { DecodedMessage } from '@/lib/dns/wire/types';
import { decodedView, diffViews, normalizeRecord, parseDigOutput, recordTokens } from './dig-view';

// dig 9.18, `+noall +comments +answer +authority +additional +nosplit`, a referral from a test. server.
const REFERRAL = `;; Got answer:
;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 61865
;; flags: qr; QUERY: 1, ANSWER: 0, AUTHORITY: 2, ADDITIONAL: 2

;; OPT PSEUDOSECTION:
; EDNS: version: 0, flags: do; udp: 1232
;; AUTHORITY SECTION:
healthy.test.\t\t86400\tIN\tNS\tns1.healthy.test.
healthy.test.\t\t86400\tIN\tDS\t20547 13 2 695A3C99BD68B5CA0EB4CA9B0D5E6D0C46182B51EA1F7E7982E17F99C90FF393

;; ADDITIONAL SECTION:
ns1.healthy.test.\t86400\tIN\tA\t127.54.100.20
ns1.healthy.test.\t86400\tIN\tAAAA\t2001:db8:100::20
`;

const message = (over: Partial<DecodedMessage>): DecodedMessage => ({
  id: 1,
  opcode: 'QUERY',
  rcode: 'NOERROR',
  flags: { qr: true, aa: false, tc: false, rd: false, ra: false, ad: false, cd: false },
  question: [{ name: 'healthy.test.', type: 'A', class: 'IN' }],
  answer: [],
  authority: [],
  additional: [],
  size: 100,
  ...over,
});

describe('parseDigOutput', () => {
  it('reads the rcode, the flags and each section, leaving the OPT pseudo-section out', () => {
    const v = parseDigOutput(REFERRAL)!;
    expect(v.rcode).toBe('NOERROR');
    expect(v.flags).toEqual(['qr']);
    expect(v.answer).toEqual([]);
    expect(v.authority).toHaveLength(2);
    expect(v.additional).toHaveLength(2);
  });

  it('is null when dig got no answer', () => {
    expect(parseDigOutput(';; communications error to 127.54.0.1#53: timed out\n')).toBeNull();
  });
});

describe('normalizeRecord', () => {
  it.each([
    ['collapses blanks, keeps quoted strings whole', 'txt.t.  3600 IN TXT\t"with  space" "x"', 'txt.t. 3600 IN TXT "with  space" "x"'],
    ['uppercases RFC 3597 hex only', 'u.t. 1 IN TYPE65280 \\# 4 0a00000f', 'u.t. 1 IN TYPE65280 \\# 4 0A00000F'],
    ['keeps base64 case', 'k.t. 1 IN DNSKEY 257 3 13 aBc+/=', 'k.t. 1 IN DNSKEY 257 3 13 aBc+/='],
  ])('%s', (_, line, want) => {
    expect(normalizeRecord(line)).toBe(want);
  });

  it('hides the TTL when told to', () => {
    expect(normalizeRecord('a.t. 3599 IN A 192.0.2.1', { ignoreTtl: true })).toBe('a.t. <ttl> IN A 192.0.2.1');
  });

  it('tokenises escaped quotes inside a string as one token', () => {
    expect(recordTokens('t. 1 IN TXT "a\\"b c" d')).toEqual(['t.', '1', 'IN', 'TXT', '"a\\"b c"', 'd']);
  });
});

describe('diffViews', () => {
  const ns = { name: 'healthy.test.', type: 'NS', class: 'IN', ttl: 86400, data: 'ns1.healthy.test.' };
  const ds = {
    name: 'healthy.test.',
    type: 'DS',
    class: 'IN',
    ttl: 86400,
    data: { keyTag: 20547, algorithm: 13, digestType: 2, digest: '695a3c99bd68b5ca0eb4ca9b0d5e6d0c46182b51ea1f7e7982e17f99c90ff393' },
  };
  const a = { name: 'ns1.healthy.test.', type: 'A', class: 'IN', ttl: 86400, data: '127.54.100.20' };
  const aaaa = { name: 'ns1.healthy.test.', type: 'AAAA', class: 'IN', ttl: 86400, data: '2001:db8:100::20' };

  it('agrees with dig on the same referral, whatever the record order', () => {
    const ours = decodedView(message({ authority: [ds, ns], additional: [aaaa, a] }));
    expect(diffViews(ours, parseDigOutput(REFERRAL)!)).toEqual([]);
  });

  it('names every difference: a record, a flag, the rcode', () => {
    const ours = decodedView(
      message({
        rcode: 'NXDOMAIN',
        flags: { qr: true, aa: true, tc: false, rd: false, ra: false, ad: false, cd: false },
        authority: [ns],
        additional: [a, aaaa],
      }),
    );
    expect(diffViews(ours, parseDigOutput(REFERRAL)!)).toEqual([
      'rcode: ours NXDOMAIN, dig NOERROR',
      'flags: ours [aa qr], dig [qr]',
      expect.stringMatching(/^authority, dig only: {2}healthy\.test\. 86400 IN DS 20547/),
    ]);
  });
});
