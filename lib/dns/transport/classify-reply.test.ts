import { describe, expect, it } from 'vitest';
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
