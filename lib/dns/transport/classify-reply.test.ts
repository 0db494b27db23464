import { describe, expect, it } from 'vitest';
import { decodeMessage } from '@/lib/dns/wire';
import { classifyReply } from './classify-reply';
import { prepareQuery, resolveSettings } from './prepare-query';
import { buildReply, parseQuery, type ReplyOptions } from './test-servers';

const prepared = prepareQuery({ name: 'Example.test', type: 'CSYNC' }, resolveSettings({}, { recursionDesired: false }), 0x1234);
if (!prepared.ok) throw new Error(prepared.message);
const query = prepared.query;
const asServerSees = parseQuery(query.bytes)!;
const reply = (o: ReplyOptions = {}) => buildReply(asServerSees, { answers: [], ...o });

describe('classifyReply (RFC 5452 9.1)', () => {
  it('sends CSYNC as type 62 and accepts the matching reply', () => {
    expect(query.bytes.readUInt16BE(12 + 'Example.test'.length + 2)).toBe(62);
    expect(classifyReply(reply(), query.decoded).verdict).toBe('accept');
  });

  it.each<[string, Buffer, 'accept' | 'ignore' | 'malformed', RegExp?]>([
    ['another id', reply({ id: 0x4321 }), 'ignore', /id 17185, expected 4660/],
    ['a query (QR=0)', reply({ qr: false }), 'ignore', /QR=0/],
    ['another name', reply({ name: 'example.org' }), 'ignore', /question example\.org/],
    ['the name in another case', reply({ name: 'EXAMPLE.TEST' }), 'accept'],
    ['another type', reply({ type: 'A' }), 'ignore', /IN A, expected Example\.test\. IN CSYNC/],
    ['no question, NOERROR', reply({ noQuestion: true }), 'ignore', /0 questions/],
    ['no question, FORMERR', reply({ noQuestion: true, rcode: 1 }), 'accept'],
    ['no question, NOTIMP', reply({ noQuestion: true, rcode: 4 }), 'accept'],
    ['one octet', Buffer.from([0x12]), 'ignore', /1-octet/],
    ['our id, then too short for a header', Buffer.from([0x12, 0x34, 0x80]), 'malformed', /shorter than a DNS header/],
    ['our id, then garbage', Buffer.from([0x12, 0x34, 0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, 5, 0x61]), 'malformed'],
    ['another id and garbage', Buffer.from([0x99, 0x99, 1, 2, 3]), 'ignore'],
  ])('%s → %s', (_what, bytes, verdict, reason) => {
    const v = classifyReply(bytes, query.decoded);
    expect(v.verdict).toBe(verdict);
    if (reason && v.verdict !== 'accept') expect(v.reason).toMatch(reason);
  });

  it('refuses another class', () => {
    const bytes = reply();
    // The question's class is the last two octets of the question section.
    const classAt = 12 + 'Example.test'.length + 2 + 2;
    bytes.writeUInt16BE(3, classAt); // CH
    const v = classifyReply(bytes, query.decoded);
    expect(v).toMatchObject({ verdict: 'ignore', reason: expect.stringMatching(/CH CSYNC/) });
  });
});

describe('replies decoded once', () => {
  it('the same reply under another id is read with its own id, as a fresh decode reads it', () => {
    const other = prepareQuery({ name: 'Example.test', type: 'CSYNC' }, resolveSettings({}, { recursionDesired: false }), 0x5678);
    if (!other.ok) throw new Error(other.message);
    const records: ReplyOptions = { answers: [{ name: 'example.test.', type: 'A', ttl: 300, data: '192.0.2.1' }] };
    const first = buildReply(asServerSees, records);
    const second = buildReply(parseQuery(other.query.bytes)!, records);
    expect(first.subarray(2).equals(second.subarray(2))).toBe(true);

    const a = classifyReply(first, query.decoded);
    const b = classifyReply(second, other.query.decoded);
    if (a.verdict !== 'accept' || b.verdict !== 'accept') throw new Error('not accepted');
    expect(a.message.id).toBe(0x1234);
    expect(b.message.id).toBe(0x5678);
    const fresh = decodeMessage(second);
    expect(fresh.ok && fresh.message).toEqual(b.message);
    expect(b.message.answer).toEqual([{ name: 'example.test.', type: 'A', class: 'IN', ttl: 300, data: '192.0.2.1' }]);
    // Shared between the two observations, so no reader may change it for the other.
    expect(() => (b.message.answer as unknown[]).push({})).toThrow(TypeError);
    // An id that is not ours is still passed over, kept reply or not.
    expect(classifyReply(second, query.decoded).verdict).toBe('ignore');
  });

  it('keeps a small reply, shared by the replies that repeat it, but not one whose compressed names unfold to much text', () => {
    const q = prepareQuery({ name: 'Example.test', type: 'CSYNC' }, resolveSettings({}, { recursionDesired: false }), 0x2222);
    if (!q.ok) throw new Error(q.message);
    const header = (count: number) => Buffer.from([0x22, 0x22, 0x84, 0x00, 0, 1, count >> 8, count & 0xff, 0, 0, 0, 0]);
    const question = Buffer.from([7, ...Buffer.from('Example'), 4, ...Buffer.from('test'), 0, 0, 62, 0, 1]);
    // One NS record whose data is a 200-octet name (at offset 42), then records owned by it: each
    // 12 octets on the wire and 200 characters decoded.
    const long = Buffer.concat([...Array.from({ length: 4 }, () => Buffer.from([49, ...Buffer.alloc(49, 0x61)])), Buffer.from([0])]);
    const first = Buffer.concat([Buffer.from([0xc0, 0x0c, 0, 2, 0, 1, 0, 0, 0x0e, 0x10, 0, long.length]), long]);
    const owned = Buffer.from([0xc0, 42, 0, 1, 0, 1, 0, 0, 0x0e, 0x10, 0, 4, 192, 0, 2, 1]);
    const reply = (extra: number) => Buffer.concat([header(1 + extra), question, first, ...Array.from({ length: extra }, () => owned)]);
    const twice = (bytes: Buffer) => [classifyReply(bytes, q.query.decoded), classifyReply(bytes, q.query.decoded)];

    const small = twice(reply(2));
    const big = twice(reply(60));
    expect(reply(60).length).toBeLessThanOrEqual(1232);
    for (const [a, b] of [small, big]) if (a?.verdict !== 'accept' || b?.verdict !== 'accept') throw new Error('not accepted');
    const [s1, s2] = small as { message: { answer: unknown[] } }[];
    const [b1, b2] = big as { message: { answer: unknown[] } }[];
    expect(s2!.message.answer).toBe(s1!.message.answer);
    expect(b1!.message.answer).toHaveLength(61);
    expect(b2!.message.answer).not.toBe(b1!.message.answer);
    expect(b2!.message.answer).toEqual(b1!.message.answer);
  });

  it('a reply whose name points into the header (the id) is malformed under every id, never read from a kept one', () => {
    // An NS record whose data is a pointer to offset 0: read as labels, the id would be its name.
    const withId = (id: number) =>
      Buffer.concat([
        Buffer.from([id >> 8, id & 0xff, 0x84, 0x00, 0, 1, 0, 1, 0, 0, 0, 0]),
        Buffer.from([7, ...Buffer.from('Example'), 4, ...Buffer.from('test'), 0, 0, 62, 0, 1]),
        Buffer.from([0xc0, 0x0c, 0, 2, 0, 1, 0, 0, 0x0e, 0x10, 0, 2, 0xc0, 0x00]),
      ]);
    const at = (id: number) => prepareQuery({ name: 'Example.test', type: 'CSYNC' }, resolveSettings({}, { recursionDesired: false }), id);
    for (const id of [0x0b12, 0x4c34, 0x0b34]) {
      const q = at(id);
      if (!q.ok) throw new Error(q.message);
      expect(classifyReply(withId(id), q.query.decoded)).toMatchObject({ verdict: 'malformed', reason: expect.stringMatching(/header/) });
    }
  });
});
