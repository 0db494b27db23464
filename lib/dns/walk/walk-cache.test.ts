import { describe, expect, it } from 'vitest';
import type { Observation } from '@/lib/dns/capture';
import type { DecodedMessage } from '@/lib/dns/wire/types';
import { cacheTtlSeconds, createWalkCache } from '@/lib/dns/walk/walk-cache';
import { message, rr } from '@/lib/dns/walk/test-support/scripted-transport';

const SOA = (ttl: number, minimum: number) => rr('example.', 'SOA', { mname: 'a.', rname: 'b.', serial: 1, refresh: 1, retry: 1, expire: 1, minimum }, ttl);

function obs(response: DecodedMessage): Observation {
  return {
    id: 'x',
    server: { address: '192.0.2.1', port: 53 },
    question: { name: 'example.', type: 'NS' },
    options: {},
    transport: 'udp',
    attempts: [],
    startedAt: '2026-01-01T00:00:00.000Z',
    rttMs: 1,
    response,
  };
}

describe('cacheTtlSeconds', () => {
  it.each<[string, DecodedMessage, number | null]>([
    [
      'the shortest record of a referral',
      message({ authority: [rr('example.', 'NS', 'ns.example.', 172800)], additional: [rr('ns.example.', 'A', '192.0.2.1', 86400)] }),
      86400,
    ],
    ['a negative answer: min(SOA TTL, MINIMUM) (RFC 2308 5)', message({ rcode: 'NXDOMAIN', authority: [SOA(3600, 300)] }), 300],
    ['a NODATA whose SOA TTL is lower', message({ authority: [SOA(60, 300)] }), 60],
    ['SERVFAIL', message({ rcode: 'SERVFAIL', authority: [SOA(60, 300)] }), null],
    ['a truncated reply', message({ flags: { tc: true }, answer: [rr('example.', 'NS', 'ns.example.')] }), null],
    ['an empty reply', message(), null],
  ])('%s', (_, response, expected) => {
    expect(cacheTtlSeconds(response)).toBe(expected);
  });
});

describe('createWalkCache', () => {
  const referral = obs(message({ authority: [rr('example.', 'NS', 'ns.example.', 100)] }));

  it('serves an entry until its TTL runs out', () => {
    const cache = createWalkCache();
    expect(cache.set('k', referral, 0)).toBe(true);
    expect(cache.get('k', 99_999)?.observation).toBe(referral);
    expect(cache.get('k', 100_000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('caps TTLs', () => {
    const cache = createWalkCache({ maxTtlSeconds: 10 });
    cache.set('k', referral, 0);
    expect(cache.get('k', 10_001)).toBeUndefined();
  });

  it('drops the least recently used entry first', () => {
    const cache = createWalkCache({ maxEntries: 2 });
    cache.set('a', referral, 0);
    cache.set('b', referral, 0);
    cache.get('a', 1);
    cache.set('c', referral, 0);
    expect(cache.size).toBe(2);
    expect(cache.get('b', 1)).toBeUndefined();
    expect(cache.get('a', 1)).toBeDefined();
    expect(cache.get('c', 1)).toBeDefined();
  });

  it('does not store failures', () => {
    const cache = createWalkCache();
    expect(cache.set('k', { ...referral, response: undefined, error: { kind: 'timeout', message: 'x' } } as Observation, 0)).toBe(false);
    expect(cache.set('k', obs(message({ rcode: 'REFUSED' })), 0)).toBe(false);
    expect(cache.size).toBe(0);
  });
});
