import { expect, test } from 'vitest';
import { formatIpv6, parseIpv4, parseIpv6 } from '@/lib/dns/wire/ip-address';
import { WireFormatError } from '@/lib/dns/wire/wire-error';

test.each([
  ['::', '::'],
  ['::1', '::1'],
  ['1::', '1::'],
  ['2001:DB8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
  ['2001:db8:0:0:0:0:2:1', '2001:db8::2:1'],
  ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0'],
  ['::ffff:192.0.2.1', '::ffff:192.0.2.1'],
  ['1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:102:304'],
])('IPv6 %s → %s (RFC 5952)', (input, want) => expect(formatIpv6(parseIpv6(input))).toBe(want));

test.each([':1', '1:', '1::2:3:4:5:6:7:8', '1.2.3.4', '1:2:3:4:5:6:7:1.2.3.4', 'fe80::1%eth0', '12345::', 'g::'])('IPv6 %j is refused', (input) => {
  expect(() => parseIpv6(input)).toThrow(WireFormatError);
});

test.each(['300.1.1.1', '1.2.3', '01.2.3.4', '1.2.3.4.5', 'x', '0x7f.0.0.1'])('IPv4 %j is refused (dns-packet would encode it)', (input) => {
  expect(() => parseIpv4(input)).toThrow(WireFormatError);
});
