import { describe, expect, it } from 'vitest';
import { addressFamily, addressKey, canonicalAddress, networkOf } from '@/lib/dns/address';

describe('canonicalAddress', () => {
  it.each([
    ['192.0.2.1', '192.0.2.1'],
    [' 192.0.2.1 ', '192.0.2.1'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['::ffff:192.0.2.1', '192.0.2.1'],
  ])('%s → %s', (text, canonical) => {
    expect(canonicalAddress(text)).toBe(canonical);
  });
  it.each(['010.0.0.1', '192.0.2', 'fe80::1%eth0', 'ns1.example.', '', '2001:db8::g'])('refuses %j', (text) => {
    expect(canonicalAddress(text)).toBeUndefined();
  });
});

describe('addressKey and addressFamily', () => {
  it('compares recorded addresses by text, case aside, and tells the family', () => {
    expect(addressKey('2001:DB8::1')).toBe(addressKey('2001:db8::1'));
    expect(addressKey('192.0.2.1')).not.toBe(addressKey('192.0.2.10'));
    expect(addressFamily('2001:db8::1')).toBe(6);
    expect(addressFamily('192.0.2.1')).toBe(4);
  });
});

describe('networkOf', () => {
  it.each([
    ['192.0.2.77', '192.0.2.0/24'],
    ['2001:db8:100::5', '2001:db8:100::/48'],
    ['2001:db8:100:ff:1::5', '2001:db8:100::/48'],
    ['2001:db8:0:1::1', '2001:db8::/48'],
  ])('%s is in %s', (address, network) => {
    expect(networkOf(address)).toBe(network);
  });
  it.each(['::ffff:192.0.2.1', 'ns1.example.', '192.0.2'])('has no network for %j', (address) => {
    expect(networkOf(address)).toBeNull();
  });
});
