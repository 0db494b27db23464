// fast-check arbitraries of valid DNS messages, shared by the decoder's fuzz test
// (lib/dns/wire/fuzz.test.ts) and the fuzz bench (scripts/bench/fuzz.ts), which seeds its mutations
// with a sample of them.
import fc from 'fast-check';
import type { DecodedMessage, RData, ResourceRecord } from '@/lib/dns/wire/types';
import { encodeBase32hex } from '@/lib/dns/wire/base32hex';
import { decodeMessage } from '@/lib/dns/wire/decode-message';
import { encodeMessage } from '@/lib/dns/wire/encode-message';
import { formatIpv6 } from '@/lib/dns/wire/ip-address';
import { labelsToName } from '@/lib/dns/wire/name-text';
import { typeName } from '@/lib/dns/wire/rr-types';

const label = fc.uint8Array({ minLength: 1, maxLength: 12 });
const name = fc.oneof(
  fc.array(label, { maxLength: 4 }).map(labelsToName),
  // Shared suffixes, so compression gets exercised.
  fc.constantFrom('example.com.', 'ns1.example.com.', 'EXAMPLE.com.', 'a.b.example.com.', '.'),
);
export const u8 = fc.integer({ min: 0, max: 0xff });
export const u16 = fc.integer({ min: 0, max: 0xffff });
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

export const message: fc.Arbitrary<DecodedMessage> = fc
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

/** Encoded valid messages: a fixed sample (same seed, same packets). */
export function validPacketSample(count: number, seed: number): Buffer[] {
  return fc.sample(
    message.map((m) => encodeMessage(m)),
    { numRuns: count, seed },
  );
}
