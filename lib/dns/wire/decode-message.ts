// Bytes from the network → DecodedMessage. Never throws and never loops: every failure is a
// WireError with a kind from a closed set, and the raw bytes stay with the Observation.
import type { DecodedMessage, Edns, Question, ResourceRecord } from '@/lib/dns/wire/types';
import { decodeName } from '@/lib/dns/wire/name-codec';
import { decodeRdata, T, toBuffer } from '@/lib/dns/wire/rdata-codec';
import { className, opcodeName, rcodeName, typeName } from '@/lib/dns/wire/rr-types';
import { wireFail, type WireError, WireFormatError } from '@/lib/dns/wire/wire-error';

export type DecodeResult = { ok: true; message: DecodedMessage } | { ok: false; error: WireError };

const HEADER_OCTETS = 12;

interface RawRecord {
  record: ResourceRecord;
  type: number;
  klass: number;
  ttl: number;
  rdataStart: number;
  rdlength: number;
}

function readQuestion(buf: Buffer, pos: number): { question: Question; next: number } {
  const { name, bytes } = decodeName(buf, pos);
  const at = pos + bytes;
  if (at + 4 > buf.length) wireFail('truncated', `the message ends inside a question (offset ${at})`, at);
  return { question: { name, type: typeName(buf.readUInt16BE(at)), class: className(buf.readUInt16BE(at + 2)) }, next: at + 4 };
}

function readRecord(buf: Buffer, pos: number): { raw: RawRecord; next: number } {
  const { name, bytes } = decodeName(buf, pos);
  const at = pos + bytes;
  if (at + 10 > buf.length) wireFail('truncated', `the message ends inside a record header (offset ${at})`, at);
  const type = buf.readUInt16BE(at);
  const klass = buf.readUInt16BE(at + 2);
  const ttl = buf.readUInt32BE(at + 4);
  const rdlength = buf.readUInt16BE(at + 8);
  const rdataStart = at + 10;
  if (rdataStart + rdlength > buf.length) {
    wireFail('rdlength-overrun', `RDLENGTH ${rdlength} at ${at + 8} reaches past the end of the message (${buf.length} octets)`, at + 8);
  }
  // OPT's RDATA is options, not a record type's data: the caller turns it into `edns`.
  const data = type === T.OPT ? { unknown: buf.subarray(rdataStart, rdataStart + rdlength).toString('hex') } : decodeRdata(buf, type, rdataStart, rdlength);
  return {
    raw: { record: { name, type: typeName(type), class: className(klass), ttl, data }, type, klass, ttl, rdataStart, rdlength },
    next: rdataStart + rdlength,
  };
}

/** RFC 6891 6.1.2-6.1.3: CLASS is the UDP size; TTL holds extended rcode, version and flags. */
function readEdns(buf: Buffer, raw: RawRecord): Edns {
  const options: Edns['options'] = [];
  const end = raw.rdataStart + raw.rdlength;
  let pos = raw.rdataStart;
  while (pos < end) {
    if (pos + 4 > end) wireFail('bad-rdata', `OPT option header cut short at ${pos}`, pos);
    const code = buf.readUInt16BE(pos);
    const length = buf.readUInt16BE(pos + 2);
    if (pos + 4 + length > end) wireFail('bad-rdata', `OPT option ${code} runs past RDLENGTH at ${pos}`, pos);
    options.push({ code, data: buf.subarray(pos + 4, pos + 4 + length).toString('hex') });
    pos += 4 + length;
  }
  return {
    udpSize: raw.klass,
    extendedRcode: raw.ttl >>> 24,
    version: (raw.ttl >>> 16) & 0xff,
    dnssecOk: (raw.ttl & 0x8000) !== 0,
    options,
  };
}

function decodeStrict(buf: Buffer): DecodedMessage {
  if (buf.length < HEADER_OCTETS) wireFail('truncated', `${buf.length} octets: shorter than the 12-octet header`, 0);
  const id = buf.readUInt16BE(0);
  const flags = buf.readUInt16BE(2);
  const counts = [4, 6, 8, 10].map((at) => buf.readUInt16BE(at)) as [number, number, number, number];
  let pos = HEADER_OCTETS;

  const question: Question[] = [];
  for (let i = 0; i < counts[0]; i++) {
    const q = readQuestion(buf, pos);
    question.push(q.question);
    pos = q.next;
  }
  const sections: RawRecord[][] = [[], [], []];
  for (let s = 0; s < 3; s++) {
    for (let i = 0; i < (counts[s + 1] as number); i++) {
      const r = readRecord(buf, pos);
      (sections[s] as RawRecord[]).push(r.raw);
      pos = r.next;
    }
  }
  if (pos !== buf.length) wireFail('trailing-data', `${buf.length - pos} octets after the last record (offset ${pos})`, pos);

  const [answer, authority, additionalRaw] = sections as [RawRecord[], RawRecord[], RawRecord[]];
  let edns: Edns | undefined;
  const additional: ResourceRecord[] = [];
  for (const raw of additionalRaw) {
    // A second OPT is a FORMERR condition (RFC 6891 6.1.1); keep it visible as a record.
    if (raw.type === T.OPT && edns === undefined) edns = readEdns(buf, raw);
    else additional.push(raw.record);
  }
  const rcode = ((edns?.extendedRcode ?? 0) << 4) | (flags & 0xf);
  const message: DecodedMessage = {
    id,
    opcode: opcodeName((flags >> 11) & 0xf),
    rcode: rcodeName(rcode),
    flags: {
      qr: (flags & 0x8000) !== 0,
      aa: (flags & 0x0400) !== 0,
      tc: (flags & 0x0200) !== 0,
      rd: (flags & 0x0100) !== 0,
      ra: (flags & 0x0080) !== 0,
      ad: (flags & 0x0020) !== 0,
      cd: (flags & 0x0010) !== 0,
    },
    question,
    answer: answer.map((r) => r.record),
    authority: authority.map((r) => r.record),
    additional,
    size: buf.length,
  };
  if (edns) message.edns = edns;
  return message;
}

/**
 * The same decode, throwing: a WireFormatError for a bad packet; anything else thrown is a bug of
 * ours on input we did not foresee. The fuzz bench (scripts/bench/fuzz.ts) tells the two apart.
 */
export function decodeMessageStrict(bytes: Uint8Array): DecodedMessage {
  return decodeStrict(toBuffer(bytes));
}

/** Decode a whole DNS message. Never throws. */
export function decodeMessage(bytes: Uint8Array): DecodeResult {
  try {
    return { ok: true, message: decodeMessageStrict(bytes) };
  } catch (e) {
    if (e instanceof WireFormatError) return { ok: false, error: e.toWireError() };
    // A bug of ours or dns-packet's on input we did not foresee: still a typed failure.
    return { ok: false, error: { kind: 'bad-rdata', message: e instanceof Error ? e.message : String(e) } };
  }
}
