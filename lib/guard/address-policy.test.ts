import { describe, expect, it } from 'vitest';
import { parseCidr, parseIp } from '@/lib/domain/ip-literal';
import { createAddressPolicy } from './address-policy';

const policy = createAddressPolicy();

describe('address policy refuses non-global destinations', () => {
  it.each([
    ['0.0.0.0', /unspecified/],
    ['127.0.0.1', /loopback/],
    ['127.53.0.1', /loopback/],
    ['10.1.2.3', /private/],
    ['172.16.0.1', /private/],
    ['192.168.1.1', /private/],
    ['169.254.169.254', /link-local/],
    ['100.64.0.1', /carrier-grade/],
    ['224.0.0.251', /multicast/],
    ['255.255.255.255', /broadcast/],
    ['192.0.2.1', /reserved|documentation/],
    ['198.51.100.7', /reserved|documentation/],
    ['203.0.113.9', /reserved|documentation/],
    ['198.18.0.1', /reserved|benchmarking/],
    ['240.0.0.1', /reserved/],
    ['::', /unspecified/],
    ['::1', /loopback/],
    ['fe80::1', /link-local/],
    ['fd12:3456::1', /unique local/],
    ['fc00::1', /unique local/],
    ['ff02::1', /multicast/],
    ['2001:db8::53', /documentation/],
    ['2001:2::1', /benchmarking|IETF/],
    ['64:ff9b::192.0.2.1', /NAT64/],
    ['2002:c000:0201::1', /6to4/],
    ['2001::1', /Teredo|IETF/],
    ['::ffff:10.0.0.1', /private/],
    ['::ffff:127.0.0.1', /loopback/],
    ['::ffff:192.168.0.1', /private/],
    ['fec0::1', /site-local/],
    ['4000::1', /global unicast/],
  ])('%s', (address, words) => {
    const v = policy.check(address);
    expect(v.allowed).toBe(false);
    if (v.allowed) return;
    expect(v.reason).toBe('non-global');
    expect(v.message).toMatch(words);
    expect(v.message).toContain('ZONECUT_ALLOW_TARGETS');
  });
});

describe('address policy allows global unicast', () => {
  it.each(['198.41.0.4', '1.1.1.1', '8.8.8.8', '2001:503:ba3e::2:30', '2606:4700:4700::1111', '::ffff:1.1.1.1'])('%s', (a) => {
    expect(policy.check(a)).toEqual({ allowed: true, allowListed: false });
  });
});

describe('address policy rejects text that is not an IP literal', () => {
  it.each(['', 'example.com', '010.1.1.1', '0x7f.0.0.1', '127.1', '1.2.3.4.5', '256.1.1.1', '1.2.3.4/32', 'fe80::1%eth0x'])('%j', (a) => {
    const v = policy.check(a);
    expect(v.allowed).toBe(false);
    if (!v.allowed) expect(v.reason).toBe('invalid');
  });
});

describe('allow-list', () => {
  const lab = createAddressPolicy([parseCidr('127.53.0.0/16')!, parseCidr('fd00:53::/32')!, parseCidr('10.9.9.9')!]);
  it('treats allow-listed ranges as global', () => {
    expect(lab.check('127.53.1.2')).toEqual({ allowed: true, allowListed: true });
    expect(lab.check('fd00:53::1')).toEqual({ allowed: true, allowListed: true });
    expect(lab.check('10.9.9.9')).toEqual({ allowed: true, allowListed: true });
    expect(lab.check('::ffff:127.53.0.9')).toEqual({ allowed: true, allowListed: true });
  });
  it('still refuses what lies outside it', () => {
    expect(lab.check('127.0.0.1').allowed).toBe(false);
    expect(lab.check('10.9.9.8').allowed).toBe(false);
    expect(lab.check('fd00:54::1').allowed).toBe(false);
  });
});

describe('parseCidr and parseIp', () => {
  it('parses prefixes and bare addresses', () => {
    expect(parseCidr('127.53.0.0/16')?.[1]).toBe(16);
    expect(parseCidr('::1')?.[1]).toBe(128);
    expect(parseCidr('192.0.2.1')?.[1]).toBe(32);
  });
  it.each(['127.0.0.0/33', '::/129', '1.2.3.4/', 'x/8', '1.2.3.4/-1', '1.2.3.4/1a'])('rejects %j', (t) => {
    expect(parseCidr(t)).toBeNull();
  });
  it('unwraps IPv4-mapped IPv6', () => {
    expect(parseIp('::ffff:192.0.2.1')?.kind()).toBe('ipv4');
  });
});
