import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { DecodedMessage } from '@/lib/dns/wire/types';
import { decodeMessage } from '@/lib/dns/wire/decode-message';
import { encodeMessage } from '@/lib/dns/wire/encode-message';
import { formatMessage } from '@/lib/dns/wire/format-message';
import { message, u16, validPacketSample } from '@/lib/dns/wire/testing/message-arbitrary';

// ---- mutations of valid packets ----
const validPackets = validPacketSample(60, 42);
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('splice' as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 8 }) }),
  fc.record({ kind: fc.constant('pointer' as const), at: fc.nat(), target: fc.nat() }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(packet: Buffer, mutations: Mutation[]): Buffer {
  let b = Buffer.from(packet);
  for (const m of mutations) {
    if (b.length === 0) break;
    const at = m.at % b.length;
    if (m.kind === 'flip') b[at] = (b[at] as number) ^ (1 << m.bit);
    else if (m.kind === 'truncate') b = b.subarray(0, at);
    else if (m.kind === 'splice') b = Buffer.concat([b.subarray(0, at), m.bytes, b.subarray(at)]);
    else if (at + 1 < b.length) b.writeUInt16BE(0xc000 | (m.target % Math.max(b.length + 4, 1)), at);
  }
  return b;
}

function decodesSafely(bytes: Uint8Array): void {
  const started = performance.now();
  const r = decodeMessage(bytes);
  expect(performance.now() - started).toBeLessThan(250);
  if (r.ok) {
    expect(r.message.size).toBe(bytes.length);
    // Whatever decodes can be shown.
    formatMessage(r.message);
  } else {
    expect(typeof r.error.message).toBe('string');
    if (r.error.offset !== undefined) expect(r.error.offset).toBeLessThanOrEqual(bytes.length);
  }
}

const hasOptRecord = (m: DecodedMessage) => [...m.answer, ...m.authority, ...m.additional].some((rr) => rr.type === 'OPT');

describe('fuzz', () => {
  test('random bytes never throw out of decodeMessage', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => decodesSafely(bytes)),
      { numRuns: 3000 },
    );
  });

  test('random bytes behind a plausible header never throw', () => {
    const header = fc.tuple(
      u16,
      u16,
      fc.integer({ min: 0, max: 3 }),
      fc.integer({ min: 0, max: 3 }),
      fc.integer({ min: 0, max: 3 }),
      fc.integer({ min: 0, max: 3 }),
    );
    fc.assert(
      fc.property(header, fc.uint8Array({ maxLength: 200 }), (h, body) => {
        const head = Buffer.alloc(12);
        h.forEach((v, i) => head.writeUInt16BE(v, i * 2));
        decodesSafely(Buffer.concat([head, body]));
      }),
      { numRuns: 3000 },
    );
  });

  test('mutated valid packets (bit flips, truncation, splices, pointers) never throw; what decodes re-encodes', () => {
    fc.assert(
      fc.property(fc.constantFrom(...validPackets), fc.array(mutation, { minLength: 1, maxLength: 4 }), (packet, mutations) => {
        const bytes = mutate(packet, mutations);
        decodesSafely(bytes);
        const r = decodeMessage(bytes);
        if (r.ok && !hasOptRecord(r.message)) {
          const again = decodeMessage(encodeMessage(r.message));
          expect(again.ok && { ...again.message, size: 0 }).toEqual({ ...r.message, size: 0 });
        }
      }),
      { numRuns: 3000 },
    );
  });

  test('valid messages round-trip: encode → decode → encode', () => {
    fc.assert(
      fc.property(message, fc.boolean(), (m, compress) => {
        const bytes = encodeMessage(m, { compress });
        const back = decodeMessage(bytes);
        expect(back.ok && { ...back.message, size: 0 }).toEqual({ ...m, size: 0 });
        if (back.ok) expect(encodeMessage(back.message, { compress }).equals(bytes)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});
