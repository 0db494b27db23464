import { describe, expect, it } from 'vitest';
import type { DecodedMessage, ResourceRecord } from '@/lib/dns/wire/types';
import { message } from '@/lib/dns/walk/test-support/scripted-transport';
import { provenName } from '@/lib/dns/wire/proven-name';

const rr = (name: string, type: string, data: ResourceRecord['data']): ResourceRecord => ({ name, type, class: 'IN', ttl: 300, data });
const SOA = rr('example.', 'SOA', { mname: 'ns.example.', rname: 'h.example.', serial: 1, refresh: 1, retry: 1, expire: 1, minimum: 1 });
const reply = ({ aa, ...fields }: Partial<Omit<DecodedMessage, 'flags'>> & { aa?: boolean }): DecodedMessage =>
  message({ ...fields, flags: { aa: aa ?? false } });

describe('provenName', () => {
  it.each([
    ['a referral proves its cut', reply({ authority: [rr('Sub.Dept.example.', 'NS', 'ns.sub.dept.example.')] }), 'sub.dept.example.'],
    ['authoritative NODATA proves the name', reply({ aa: true, authority: [SOA] }), 'www.sub.dept.example.'],
    ['an authoritative answer proves the name', reply({ aa: true, answer: [rr('www.sub.dept.example.', 'A', '192.0.2.1')] }), 'www.sub.dept.example.'],
    ['NXDOMAIN proves nothing', reply({ aa: true, rcode: 'NXDOMAIN', authority: [SOA] }), undefined],
    ['a non-authoritative answer proves nothing', reply({ answer: [rr('www.sub.dept.example.', 'A', '192.0.2.1')] }), undefined],
    ['a referral elsewhere proves nothing about the name', reply({ authority: [rr('other.example.', 'NS', 'ns.other.example.')] }), undefined],
    ['no reply proves nothing', undefined, undefined],
  ])('%s', (_, message, expected) => {
    expect(provenName('www.sub.dept.example.', message)).toBe(expected);
  });
});
