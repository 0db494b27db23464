import { describe, expect, it } from 'vitest';
import type { Observation } from '@/lib/dns/capture';
import type { DecodedMessage } from '@/lib/dns/wire/types';
import { combineAddressStatus, readAddressReply, readDelegationReply } from '@/lib/dns/walk/read-reply';
import { message, rr } from '@/lib/dns/walk/test-support/scripted-transport';

const SOA = { mname: 'ns.example.', rname: 'h.example.', serial: 1, refresh: 1, retry: 1, expire: 1, minimum: 300 };

function obs(response?: DecodedMessage): Observation {
  return {
    id: 'q1',
    server: { address: '192.0.2.1', port: 53 },
    question: { name: 'zone.example.', type: 'NS' },
    options: {},
    transport: 'udp',
    attempts: [],
    startedAt: '2026-01-01T00:00:00.000Z',
    rttMs: 1,
    ...(response ? { response } : { error: { kind: 'timeout', message: 'no reply' } }),
  };
}

describe('readDelegationReply', () => {
  it.each<[string, DecodedMessage | undefined, string]>([
    [
      'a referral',
      message({ authority: [rr('Zone.Example.', 'NS', 'NS1.zone.example.')], additional: [rr('ns1.zone.example.', 'A', '192.0.2.20')] }),
      'referral',
    ],
    ['an AA answer with the NS RRset (co-hosted)', message({ flags: { aa: true }, answer: [rr('zone.example.', 'NS', 'ns1.zone.example.')] }), 'apex-answer'],
    ['an NS answer without AA', message({ answer: [rr('zone.example.', 'NS', 'ns1.zone.example.')] }), 'unusable'],
    ['authoritative NODATA', message({ flags: { aa: true }, authority: [rr('example.', 'SOA', SOA)] }), 'nodata'],
    ['authoritative NXDOMAIN', message({ rcode: 'NXDOMAIN', flags: { aa: true }, authority: [rr('example.', 'SOA', SOA)] }), 'nxdomain'],
    ['NXDOMAIN without AA', message({ rcode: 'NXDOMAIN' }), 'unusable'],
    ['an alias', message({ flags: { aa: true }, answer: [rr('zone.example.', 'CNAME', 'elsewhere.example.')] }), 'cname'],
    ['REFUSED', message({ rcode: 'REFUSED' }), 'unusable'],
    ['an upward referral', message({ authority: [rr('.', 'NS', 'a.root.')] }), 'unusable'],
    ['a referral for another name', message({ authority: [rr('other.example.', 'NS', 'ns.other.example.')] }), 'unusable'],
    ['a truncated reply', message({ flags: { tc: true } }), 'unusable'],
    ['no reply at all', undefined, 'unusable'],
  ])('%s', (_, response, kind) => {
    expect(readDelegationReply(obs(response), 'zone.example.', 'example.').kind).toBe(kind);
  });

  it('keeps NS names canonical and in order, and only glue for those names', () => {
    const reply = readDelegationReply(
      obs(
        message({
          authority: [
            rr('zone.example.', 'NS', 'NS2.Zone.Example.'),
            rr('zone.example.', 'NS', 'ns1.zone.example.'),
            rr('zone.example.', 'NS', 'ns1.zone.example.'),
          ],
          additional: [rr('ns1.zone.example.', 'AAAA', '2001:DB8:0::1'), rr('unrelated.example.', 'A', '192.0.2.99')],
        }),
      ),
      'zone.example.',
      'example.',
    );
    expect(reply).toEqual({
      kind: 'referral',
      nsNames: ['ns2.zone.example.', 'ns1.zone.example.'],
      glue: [{ name: 'ns1.zone.example.', address: '2001:db8::1', family: 6 }],
      outOfBailiwick: [],
    });
  });

  it('takes as glue only addresses of names under the asked zone (RFC 2181 5.4.1)', () => {
    const reply = readDelegationReply(
      obs(
        message({
          authority: [rr('zone.example.', 'NS', 'ns.sibling.example.'), rr('zone.example.', 'NS', 'ns.provider.net.')],
          additional: [
            rr('ns.sibling.example.', 'A', '192.0.2.5'),
            rr('ns.provider.net.', 'A', '198.51.100.66'),
            rr('ns.provider.net.', 'AAAA', '2001:db8::66'),
          ],
        }),
      ),
      'zone.example.',
      'example.',
    );
    expect(reply).toEqual({
      kind: 'referral',
      nsNames: ['ns.sibling.example.', 'ns.provider.net.'],
      glue: [{ name: 'ns.sibling.example.', address: '192.0.2.5', family: 4 }],
      outOfBailiwick: [
        { name: 'ns.provider.net.', address: '198.51.100.66', family: 4 },
        { name: 'ns.provider.net.', address: '2001:db8::66', family: 6 },
      ],
    });
  });

  it('keeps the bailiwick of the asked zone for an answer from a co-hosting server too', () => {
    const reply = readDelegationReply(
      obs(
        message({ flags: { aa: true }, answer: [rr('zone.example.', 'NS', 'ns.provider.net.')], additional: [rr('ns.provider.net.', 'A', '198.51.100.66')] }),
      ),
      'zone.example.',
      'example.',
    );
    expect(reply).toMatchObject({ kind: 'apex-answer', addresses: [], outOfBailiwick: [{ name: 'ns.provider.net.', address: '198.51.100.66' }] });
  });
});

describe('readAddressReply', () => {
  it('reads an address answer', () => {
    const reply = readAddressReply(obs(message({ flags: { aa: true }, answer: [rr('ns1.example.', 'A', '192.0.2.1')] })), 'ns1.example.', true);
    expect(reply).toEqual({ status: 'ok', addresses: [{ name: 'ns1.example.', address: '192.0.2.1', family: 4 }] });
  });

  it('follows an alias chain inside the answer and reports the first target', () => {
    const reply = readAddressReply(
      obs(message({ answer: [rr('ns.example.', 'CNAME', 'a.example.'), rr('a.example.', 'CNAME', 'b.example.'), rr('b.example.', 'A', '192.0.2.7')] })),
      'ns.example.',
      false,
    );
    expect(reply).toMatchObject({ status: 'cname', cnameTarget: 'a.example.', addresses: [{ address: '192.0.2.7' }] });
  });

  it('ends an alias loop', () => {
    const reply = readAddressReply(
      obs(message({ answer: [rr('a.example.', 'CNAME', 'b.example.'), rr('b.example.', 'CNAME', 'a.example.')] })),
      'a.example.',
      false,
    );
    expect(reply).toMatchObject({ status: 'cname', addresses: [] });
  });

  it.each<[string, DecodedMessage | undefined, boolean, string]>([
    ['NXDOMAIN', message({ rcode: 'NXDOMAIN', flags: { aa: true } }), true, 'nxdomain'],
    ['NODATA', message({ flags: { aa: true } }), true, 'nodata'],
    ['a non-authoritative answer from a zone server', message({ answer: [rr('ns1.example.', 'A', '192.0.2.1')] }), true, 'failed'],
    ['SERVFAIL from the resolver', message({ rcode: 'SERVFAIL' }), false, 'failed'],
    ['a timeout', undefined, false, 'failed'],
  ])('%s → %s', (_, response, authoritative, status) => {
    expect(readAddressReply(obs(response), 'ns1.example.', authoritative).status).toBe(status);
  });
});

describe('combineAddressStatus', () => {
  it.each([
    [['failed', 'ok'], 'ok'],
    [['ok', 'cname'], 'cname'],
    [['nodata', 'nxdomain'], 'nxdomain'],
    [['failed', 'nodata'], 'nodata'],
    [[], undefined],
  ] as const)('%j → %s', (statuses, expected) => {
    expect(combineAddressStatus(statuses)).toBe(expected);
  });
});
