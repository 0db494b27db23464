import { describe, expect, test } from 'vitest';
import { decodeMessage, encodeQuery } from '@/lib/dns/wire';
import { prepareQuery, resolveSettings, type QuerySettings } from '@/lib/dns/transport/prepare-query';

const settings = (over: Partial<QuerySettings> = {}): QuerySettings => ({ ...resolveSettings({}, { recursionDesired: false }), ...over });

function prepared(name: string, s: QuerySettings, id: number) {
  const result = prepareQuery({ name, type: 'SOA', class: 'IN' }, s, id);
  if (!result.ok) throw new Error(result.message);
  return result.query;
}

describe('prepareQuery', () => {
  test('a query asked again carries its own id, in bytes and decoded, as a fresh encoding would', () => {
    const s = settings({ dnssecOk: true });
    const first = prepared('Example.Test.', s, 0x1234);
    const again = prepared('Example.Test.', s, 0xbeef);
    expect(again.id).toBe(0xbeef);
    expect(again.decoded.id).toBe(0xbeef);
    expect(again.bytes.equals(encodeQuery({ name: 'Example.Test.', type: 'SOA' }, { id: 0xbeef, dnssecOk: true }))).toBe(true);
    const decoded = decodeMessage(again.bytes);
    expect(decoded.ok && decoded.message).toEqual(again.decoded);
    // The first query's bytes and id are its own still: the two share no buffer.
    expect(first.bytes.readUInt16BE(0)).toBe(0x1234);
    expect(first.decoded.id).toBe(0x1234);
    expect(first.bytes.subarray(2).equals(again.bytes.subarray(2))).toBe(true);
  });

  test.each<[string, Partial<QuerySettings>]>([
    ['no EDNS', { edns: false }],
    ['another UDP size', { udpSize: 4096 }],
    ['DO', { dnssecOk: true }],
    ['RD', { recursionDesired: true }],
    ['CD', { checkingDisabled: true }],
  ])('%s is a query of its own, never one kept for other options', (_, over) => {
    prepared('options.test.', settings(), 7);
    const other = prepared('options.test.', settings(over), 7);
    const s = settings(over);
    const fresh = encodeQuery({ name: 'options.test.', type: 'SOA' }, { id: 7, ...s });
    expect(other.bytes.equals(fresh)).toBe(true);
  });

  test('names that differ only in case are sent as spelt', () => {
    const lower = prepared('case.test.', settings(), 1);
    const upper = prepared('CASE.test.', settings(), 1);
    expect(upper.decoded.question[0]?.name).toBe('CASE.test.');
    expect(lower.decoded.question[0]?.name).toBe('case.test.');
  });

  test('a question the codec refuses is refused every time, with nothing kept', () => {
    const long = `${'a'.repeat(64)}.test.`;
    for (let i = 0; i < 2; i++) {
      const result = prepareQuery({ name: long, type: 'A', class: 'IN' }, settings(), 1);
      expect(result.ok).toBe(false);
    }
    // An odd UDP size is refused too, even after the same question was prepared with a good one.
    prepared('size.test.', settings(), 1);
    expect(prepareQuery({ name: 'size.test.', type: 'SOA', class: 'IN' }, settings({ udpSize: '1232' as unknown as number }), 1).ok).toBe(false);
  });
});
