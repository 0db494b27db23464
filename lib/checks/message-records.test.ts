// records and rrsigsOver read a frozen reply (the transport's shared ones) through an index kept
// with it, and any other by filtering: both ways must give the same records, as fresh arrays.
import { describe, expect, it } from 'vitest';
import type { RrsigData } from '@/lib/dns/wire/types';
import { msg, rr } from '@/lib/checks/test-capture';
import { records, rrsigsOver, uniqueSorted, type Section } from '@/lib/checks/message-records';
import { deepFreeze } from '@/lib/dns/transport/deep-freeze';

const sig = (typeCovered: string, keyTag: number): RrsigData => ({
  typeCovered,
  algorithm: 13,
  labels: 2,
  originalTtl: 3600,
  expiration: 2000000000,
  inception: 1700000000,
  keyTag,
  signerName: 'example.test.',
  signature: 'AAAA',
});

const reply = () =>
  msg({
    aa: true,
    answer: [
      rr('Example.TEST.', 'NS', 'ns1.example.test.'),
      rr('example.test', 'ns', 'ns2.example.test.'),
      rr('example.test.', 'RRSIG', sig('NS', 1)),
      rr('EXAMPLE.test.', 'rrsig', sig('ns', 2)),
      rr('example.test.', 'RRSIG', sig('SOA', 3)),
      rr('www.example.test.', 'A', '192.0.2.1'),
      rr('www.example.test.', 'RRSIG', sig('A', 4)),
    ],
    authority: [rr('example.test.', 'SOA', { mname: 'ns1.example.test.', rname: 'h.example.test.', serial: 1, refresh: 1, retry: 1, expire: 1, minimum: 1 })],
  });

const questions: [Section, string | undefined, string | undefined][] = [
  ['answer', 'example.test.', 'NS'],
  ['answer', 'EXAMPLE.TEST', 'ns'],
  ['answer', undefined, 'RRSIG'],
  ['answer', 'www.example.test.', 'A'],
  ['answer', 'www.example.test.', undefined],
  ['answer', 'other.test.', 'NS'],
  ['answer', undefined, undefined],
  ['authority', undefined, 'SOA'],
  ['authority', 'example.test.', 'NS'],
  ['additional', undefined, 'A'],
];

describe('records of a frozen reply', () => {
  it('are the records a plain copy gives, for every kind of question', () => {
    const frozen = deepFreeze(reply());
    const copy = reply();
    for (const [section, owner, type] of questions) {
      expect(records(frozen, section, owner, type), `${section} ${owner} ${type}`).toEqual(records(copy, section, owner, type));
    }
    expect(records(frozen, 'answer', 'example.test.', 'NS').map((r) => r.data)).toEqual(['ns1.example.test.', 'ns2.example.test.']);
    for (const [owner, type] of [
      ['example.test.', 'NS'],
      ['Example.Test', 'soa'],
      ['www.example.test.', 'A'],
      ['www.example.test.', 'NS'],
    ] as const) {
      expect(rrsigsOver(frozen.answer, owner, type)).toEqual(rrsigsOver(copy.answer, owner, type));
    }
    expect(rrsigsOver(frozen.answer, 'example.test.', 'NS').map((s) => s.keyTag)).toEqual([1, 2]);
  });

  it('come as a fresh array each time: a caller changing one changes no other answer', () => {
    const frozen = deepFreeze(reply());
    const first = records(frozen, 'answer', 'example.test.', 'NS');
    first.pop();
    first.push(rr('x.test.', 'NS', 'y.test.'));
    expect(records(frozen, 'answer', 'example.test.', 'NS').map((r) => r.data)).toEqual(['ns1.example.test.', 'ns2.example.test.']);
    const sigs = rrsigsOver(frozen.answer, 'example.test.', 'NS');
    sigs.length = 0;
    expect(rrsigsOver(frozen.answer, 'example.test.', 'NS')).toHaveLength(2);
  });

  it('a reply that is not frozen is read afresh: a record changed between two questions is seen', () => {
    const m = reply();
    expect(records(m, 'answer', 'www.example.test.', 'A')).toHaveLength(1);
    m.answer.push(rr('www.example.test.', 'A', '192.0.2.2'));
    expect(records(m, 'answer', 'www.example.test.', 'A')).toHaveLength(2);
  });
});

describe('uniqueSorted', () => {
  it('sorts and deduplicates, and never hands back the list it was given', () => {
    const one = ['b.'];
    const out = uniqueSorted(one);
    expect(out).toEqual(['b.']);
    expect(out).not.toBe(one);
    expect(uniqueSorted([])).toEqual([]);
    expect(uniqueSorted(['b.', 'a.', 'b.'])).toEqual(['a.', 'b.']);
    expect(uniqueSorted(new Set(['c.', 'a.']))).toEqual(['a.', 'c.']);
  });
});

describe('uniqueSorted, every way', () => {
  it('gives what a Set then a sort gives, for lists with and without repeats', () => {
    const lists = [
      [],
      ['a.'],
      ['a.', 'a.'],
      ['b.', 'a.', 'b.', 'c.', 'a.'],
      ['ns2.x.', 'NS1.x.', 'ns1.x.', 'ns2.x.', '2001:db8::1', '192.0.2.1', '192.0.2.1'],
      Array.from({ length: 200 }, (_, i) => `ns${i % 13}.example.test.`),
    ];
    for (const list of lists) {
      const before = [...list];
      expect(uniqueSorted(list)).toEqual([...new Set(list)].sort());
      expect(list).toEqual(before);
      expect(uniqueSorted(new Set(list))).toEqual([...new Set(list)].sort());
    }
  });
});
