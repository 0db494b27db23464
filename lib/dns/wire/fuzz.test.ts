import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { DecodedMessage, RData, ResourceRecord } from '@/lib/dns/wire/types';
import { encodeBase32hex } from '@/lib/dns/wire/base32hex';
import { decodeMessage } from '@/lib/dns/wire/decode-message';
import { encodeMessage } from '@/lib/dns/wire/encode-message';
import { formatMessage } from '@/lib/dns/wire/format-message';
import { formatIpv6 } from '@/lib/dns/wire/ip-address';
import { labelsToName } from '@/lib/dns/wire/name-text';
import { typeName } from '@/lib/dns/wire/rr-types';

// ---- arbitraries for valid messages ----
const label = fc.uint8Array({ minLength: 1, maxLength: 12 });
const name = fc.oneof(
  fc.array(label, { maxLength: 4 }).map(labelsToName),
  // Shared suffixes, so compression gets exercised.
  fc.constantFrom('example.com.', 'ns1.example.com.', 'EXAMPLE.com.', 'a.b.example.com.', '.'),
);
const u8 = fc.integer({ min: 0, max: 0xff });
const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const hexOf = (max: number) => fc.uint8Array({ maxLength: max }).map((b) => Buffer.from(b).toString('hex'));
const base64Of = (max: number) => fc.uint8Array({ maxLength: max }).map((b) => Buffer.from(b).toString('base64'));
const latin1 = fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b).toString('latin1'));
const typeList = fc.uniqueArray(fc.oneof(fc.integer({ min: 0, max: 300 }), u16), { maxLength: 8 }).map((ns) => [...ns].sort((a, b) => a - b).map(typeName));
const modeled = new Set([1, 2, 5, 6, 12, 15, 16, 28, 39, 41, 43, 46, 47, 48, 50, 51, 59, 60, 62]);
const nsec3Params = { hashAlgorithm: u8, flags: u8, iterations: u16, salt: hexOf(20) };
// base32hex of 1 to 40 octets, as the decoder writes it.
const hashedOwner = fc.uint8Array({ minLength: 1, maxLength: 40 }).map((b) => encodeBase32hex(b));

const record: fc.Arbitrary<ResourceRecord> = fc
  .tuple(
    name,
    u32,
    fc.oneof(
      fc.tuple(u8, u8, u8, u8).map((o): [string, RData] => ['A', o.join('.')]),
      fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b): [string, RData] => ['AAAA', formatIpv6(b)]),
      fc.tuple(fc.constantFrom('NS', 'CNAME', 'PTR', 'DNAME'), name).map(([t, n]): [string, RData] => [t, n]),
      fc.record({ mname: name, rname: name, serial: u32, refresh: u32, retry: u32, expire: u32, minimum: u32 }).map((d): [string, RData] => ['SOA', d]),
      fc.record({ preference: u16, exchange: name }).map((d): [string, RData] => ['MX', d]),
      fc.array(latin1, { maxLength: 3 }).map((d): [string, RData] => ['TXT', d]),
      fc
        .tuple(fc.constantFrom('DS', 'CDS'), fc.record({ keyTag: u16, algorithm: u8, digestType: u8, digest: hexOf(48) }))
        .map(([t, d]): [string, RData] => [t, d]),
      fc
        .tuple(fc.constantFrom('DNSKEY', 'CDNSKEY'), fc.record({ flags: u16, protocol: u8, algorithm: u8, publicKey: base64Of(64) }))
        .map(([t, d]): [string, RData] => [t, d]),
      fc
        .record({
          typeCovered: u16.map(typeName),
          algorithm: u8,
          labels: u8,
          originalTtl: u32,
          expiration: u32,
          inception: u32,
          keyTag: u16,
          signerName: name,
          signature: base64Of(64),
        })
        .map((d): [string, RData] => ['RRSIG', d]),
      fc.record({ nextDomain: name, types: typeList }).map((d): [string, RData] => ['NSEC', d]),
      fc.record({ serial: u32, flags: u16, types: typeList }).map((d): [string, RData] => ['CSYNC', d]),
      fc.record({ ...nsec3Params, nextHashedOwner: hashedOwner, types: typeList }).map((d): [string, RData] => ['NSEC3', d]),
      fc.record(nsec3Params).map((d): [string, RData] => ['NSEC3PARAM', d]),
      fc
        .tuple(
          u16.filter((t) => !modeled.has(t)),
          hexOf(30),
        )
        .map(([t, h]): [string, RData] => [typeName(t), { unknown: h }]),
    ),
  )
  .map(([owner, ttl, [type, data]]) => ({ name: owner, type, class: 'IN', ttl, data }));

const message: fc.Arbitrary<DecodedMessage> = fc
  .record({
    id: u16,
    opcode: fc.constantFrom('QUERY', 'NOTIFY', 'UPDATE', 'OPCODE9'),
    flags: fc.record({ qr: fc.boolean(), aa: fc.boolean(), tc: fc.boolean(), rd: fc.boolean(), ra: fc.boolean(), ad: fc.boolean(), cd: fc.boolean() }),
    question: fc.array(fc.record({ name, type: u16.filter((t) => t !== 41).map(typeName), class: fc.constantFrom('IN', 'CH', 'ANY', 'CLASS9') }), {
      maxLength: 2,
    }),
    answer: fc.array(record, { maxLength: 5 }),
    authority: fc.array(record, { maxLength: 3 }),
    additional: fc.array(record, { maxLength: 3 }),
    rcodeNumber: fc.integer({ min: 0, max: 0xfff }),
    edns: fc.option(
      fc.record({ udpSize: u16, version: u8, dnssecOk: fc.boolean(), options: fc.array(fc.record({ code: u16, data: hexOf(8) }), { maxLength: 2 }) }),
      { nil: undefined },
    ),
  })
  .map(({ rcodeNumber, edns, ...m }) => {
    const rcode = edns ? rcodeNumber : rcodeNumber & 0xf;
    const decoded = decodeMessage(encodeMessage({ ...m, rcode: `RCODE${rcode}`, ...(edns ? { edns } : {}) }));
    if (!decoded.ok) throw new Error(decoded.error.message);
    return decoded.message;
  });

// ---- mutations of valid packets ----
const validPackets = fc.sample(
  message.map((m) => encodeMessage(m)),
  { numRuns: 60, seed: 42 },
);
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
