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
});
