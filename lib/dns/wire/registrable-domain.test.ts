import { describe, expect, it } from 'vitest';
import { registrableDomain } from '@/lib/dns/wire/registrable-domain';

describe('registrableDomain', () => {
  it.each([
    // The case: the closest existing zone is not what anyone registers.
    ['ns9.old.provider.net.', 'provider.net.'],
    ['NS1.Example.CO.UK.', 'example.co.uk.'],
    ['ns1.example.co.uk', 'example.co.uk.'],
    // The list's private section: github.io hands out names below it.
    ['ns1.someone.github.io.', 'someone.github.io.'],
    // A wildcard rule (*.kawasaki.jp) and its exception (!city.kawasaki.jp).
    ['ns.foo.kawasaki.jp.', 'ns.foo.kawasaki.jp.'],
    ['ns.city.kawasaki.jp.', 'city.kawasaki.jp.'],
    // IDN TLDs, in the A-label form the DNS carries (.рф).
    ['ns1.example.xn--p1ai.', 'example.xn--p1ai.'],
    // test. is not in the list: the default rule `*` makes the TLD the suffix. The lab relies on it.
    ['ns9.old.provider.test.', 'provider.test.'],
    ['ns.expired-dns.test.', 'expired-dns.test.'],
    ['expired-dns.test.', 'expired-dns.test.'],
    // Escaped labels count as labels, whatever they hold.
    ['ns1.a\\032b.example.com.', 'example.com.'],
    ['ns1.a\\032b.ck.', 'ns1.a\\032b.ck.'], // *.ck: the escaped label is part of the suffix
    ['ns1.a\\.b.com.', 'a\\.b.com.'],
  ])('%s → %s', (name, want) => {
    expect(registrableDomain(name)).toBe(want);
  });

  it.each(['.', 'com.', 'co.uk.', 'github.io.', 'test.', 'foo.kawasaki.jp.', ''])('%s is no registrable domain', (name) => {
    expect(registrableDomain(name)).toBeNull();
  });
});
