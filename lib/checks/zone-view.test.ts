import { describe, expect, it } from 'vitest';
import { captureBuilder, EXAMPLE, referralMsg, respondWith } from '@/lib/checks/test-capture';
import { readZone } from '@/lib/checks/zone-view';
import { readDelegationReply, type FoundAddress } from '@/lib/dns/walk/read-reply';

const byName = (found: FoundAddress[]) => {
  const out = new Map<string, string[]>();
  for (const a of found) out.set(a.name, [...(out.get(a.name) ?? []), a.address].sort());
  return out;
};

describe("readZone: the referral's glue", () => {
  it('is the glue the walker reads from the same reply, split by bailiwick the same way', () => {
    // Glue for an in-domain name, spelled the long way; an address for a name outside test. (not
    // glue); an address for a name not in the NS set (ignored by both).
    const reply = referralMsg('example.test.', ['ns1.example.test.', 'ns.other.example.'], {
      'NS1.example.test.': ['192.0.2.1', '2001:DB8:1:0:0:0:0:1'],
      'ns.other.example.': ['192.0.2.9'],
      'stray.example.test.': ['192.0.2.7'],
    });
    const capture = captureBuilder().cut('example.test.', EXAMPLE).respond({ purpose: 'referral', zone: 'example.test.' }, respondWith(reply)).build();
    const cut = capture.cuts.find((c) => c.zone === 'example.test.');
    if (!cut) throw new Error('no cut');
    const [referral] = readZone(capture, cut).referrals;
    if (!referral) throw new Error('no referral');
    const walker = readDelegationReply(referral.obs, 'example.test.', 'test.');
    if (walker.kind !== 'referral') throw new Error(`walker read ${walker.kind}`);
    expect(byName(walker.glue)).toEqual(new Map([['ns1.example.test.', ['192.0.2.1', '2001:db8:1::1']]]));
    expect(referral.glue).toEqual(byName(walker.glue));
    expect(referral.outOfBailiwick).toEqual(byName(walker.outOfBailiwick));
    expect(referral.outOfBailiwick).toEqual(new Map([['ns.other.example.', ['192.0.2.9']]]));
  });
});
