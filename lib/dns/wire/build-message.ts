// The one message writer behind encodeMessage, encodeQuery and truncateForUdp.
import type { Edns, MessageFlags, Question, Rcode, ResourceRecord } from '@/lib/dns/wire/types';
import { canonicalName } from '@/lib/dns/wire/name';
import { MessageWriter } from '@/lib/dns/wire/message-writer';
import { T, writeRdata } from '@/lib/dns/wire/rdata-codec';
import { classNumber, opcodeNumber, rcodeNumber, typeNumber } from '@/lib/dns/wire/rr-types';
import { wireFail } from '@/lib/dns/wire/wire-error';

/** What encodeMessage takes: a DecodedMessage fits (its `size` is ignored); most fields default. */
export interface MessageInput {
  id: number;
  /** Default `QUERY`. */
  opcode?: string;
  /** The full rcode; above 15 it needs `edns`, which carries the upper bits (RFC 6891 6.1.3). */
  rcode?: Rcode;
  flags?: Partial<MessageFlags>;
  question?: Question[];
  answer?: ResourceRecord[];
  authority?: ResourceRecord[];
  /** Without OPT: give `edns` for that. */
  additional?: ResourceRecord[];
  /** Present → an OPT record at the end of the additional section. `extendedRcode` comes from `rcode`. */
  edns?: Partial<Edns>;
}

export interface BuildOptions {
  /** Name compression (RFC 1035 4.1.4) as servers do; default true. */
  compress?: boolean;
  /** Cut at an RRset boundary to fit this many octets (see truncateForUdp). */
  maxSize?: number;
}

export interface BuiltMessage {
  bytes: Buffer;
  /** Whether records were left out because of maxSize. */
  truncated: boolean;
}

function u16(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 0xffff) {
    wireFail('bad-input', `${field} must be an integer from 0 to 65535, got ${String(value)}`);
  }
  return value;
}

function writeRecord(w: MessageWriter, rr: ResourceRecord, compress: boolean): void {
  const type = typeNumber(rr.type) ?? wireFail('unknown-type', `unknown type "${rr.type}"`);
  // EDNS goes in `edns`; an OPT given as a record (a misplaced or second OPT, for a test server)
  // is written as it stands, from opaque data only.
  if (type === T.OPT && !(typeof rr.data === 'object' && rr.data !== null && 'unknown' in rr.data)) {
    wireFail('bad-input', 'give EDNS as `edns`; an OPT record takes only {unknown: hex} data');
  }
  const klass = classNumber(rr.class ?? 'IN') ?? wireFail('bad-input', `unknown class "${rr.class}"`);
  if (!Number.isInteger(rr.ttl) || rr.ttl < 0 || rr.ttl > 0xffffffff) wireFail('bad-input', `TTL must be a 32-bit unsigned integer, got ${rr.ttl}`);
  w.name(rr.name, compress);
  w.u16(type);
  w.u16(klass);
  w.u32(rr.ttl);
  w.withLength(() => writeRdata(w, type, rr.data, { compress }));
}

function writeOpt(w: MessageWriter, edns: Partial<Edns>, extendedRcode: number): void {
  const version = edns.version ?? 0;
  if (!Number.isInteger(version) || version < 0 || version > 255) wireFail('bad-input', `EDNS version must be 0-255, got ${version}`);
  w.u8(0); // root owner (RFC 6891 6.1.2)
  w.u16(T.OPT);
  w.u16(u16(edns.udpSize ?? 1232, 'EDNS UDP size'));
  w.u32(((extendedRcode << 24) | (version << 16) | (edns.dnssecOk ? 0x8000 : 0)) >>> 0);
  w.withLength(() => {
    for (const option of edns.options ?? []) {
      w.u16(u16(option.code, 'EDNS option code'));
      const data = /^([0-9a-fA-F]{2})*$/.test(option.data)
        ? Buffer.from(option.data, 'hex')
        : wireFail('bad-input', `EDNS option ${option.code} data must be hex`);
      w.u16(data.length);
      w.bytes(data);
    }
  });
}

function optLength(edns: Partial<Edns> | undefined): number {
  if (!edns) return 0;
  return 11 + (edns.options ?? []).reduce((sum, o) => sum + 4 + o.data.length / 2, 0);
}

/** Consecutive records with the same owner, type and class (and covered type, for RRSIG). */
function rrsets(records: readonly ResourceRecord[]): ResourceRecord[][] {
  const key = (rr: ResourceRecord) => {
    const covered = rr.type.toUpperCase() === 'RRSIG' && typeof rr.data === 'object' && rr.data !== null && 'typeCovered' in rr.data ? rr.data.typeCovered : '';
    return `${canonicalName(rr.name)} ${rr.type.toUpperCase()} ${rr.class} ${covered}`;
  };
  const sets: ResourceRecord[][] = [];
  let last = '';
  for (const rr of records) {
    const k = key(rr);
    if (sets.length > 0 && k === last) (sets[sets.length - 1] as ResourceRecord[]).push(rr);
    else sets.push([rr]);
    last = k;
  }
  return sets;
}

export function buildMessage(msg: MessageInput, options: BuildOptions = {}): BuiltMessage {
  const compress = options.compress ?? true;
  const rcode = rcodeNumber(msg.rcode ?? 'NOERROR') ?? wireFail('bad-input', `unknown rcode "${msg.rcode}"`);
  if (rcode > 15 && !msg.edns) wireFail('bad-input', `rcode ${msg.rcode} needs EDNS to carry its upper bits (RFC 6891 6.1.3)`);
  const opcode = opcodeNumber(msg.opcode ?? 'QUERY') ?? wireFail('bad-input', `unknown opcode "${msg.opcode}"`);
  const f = msg.flags ?? {};

  const w = new MessageWriter();
  w.bytes(new Uint8Array(12));
  const questions = msg.question ?? [];
  for (const q of questions) {
    w.name(q.name, compress);
    w.u16(typeNumber(q.type) ?? wireFail('unknown-type', `unknown question type "${q.type}"`));
    w.u16(classNumber(q.class ?? 'IN') ?? wireFail('bad-input', `unknown class "${q.class}"`));
  }

  const reserve = optLength(msg.edns);
  const limit = options.maxSize;
  let truncated = false;
  const counts = [0, 0, 0];
  const sections = [msg.answer ?? [], msg.authority ?? [], msg.additional ?? []];
  sections: for (let s = 0; s < 3; s++) {
    for (const set of rrsets(sections[s] as ResourceRecord[])) {
      const mark = w.mark();
      for (const rr of set) writeRecord(w, rr, compress);
      if (limit !== undefined && w.length + reserve > limit) {
        w.rollback(mark);
        truncated = true;
        // RFC 2181 9: what does not fit in answer or authority sets TC; extra additional data
        // that does not fit is just left out.
        break sections;
      }
      counts[s] = (counts[s] as number) + set.length;
    }
  }
  if (msg.edns) writeOpt(w, msg.edns, rcode >> 4);

  const tc = (f.tc ?? false) || (truncated && !cutInAdditional(counts, sections));
  const bytes = w.finish();
  bytes.writeUInt16BE(u16(msg.id, 'id'), 0);
  bytes.writeUInt16BE(
    (f.qr ? 0x8000 : 0) |
      (opcode << 11) |
      (f.aa ? 0x0400 : 0) |
      (tc ? 0x0200 : 0) |
      (f.rd ? 0x0100 : 0) |
      (f.ra ? 0x0080 : 0) |
      (f.ad ? 0x0020 : 0) |
      (f.cd ? 0x0010 : 0) |
      (rcode & 0xf),
    2,
  );
  bytes.writeUInt16BE(u16(questions.length, 'question count'), 4);
  bytes.writeUInt16BE(counts[0] as number, 6);
  bytes.writeUInt16BE(counts[1] as number, 8);
  bytes.writeUInt16BE((counts[2] as number) + (msg.edns ? 1 : 0), 10);
  if (bytes.length > 0xffff) wireFail('bad-input', `message of ${bytes.length} octets (at most 65535)`);
  return { bytes, truncated };
}

/** Whether the cut happened in the additional section, after answer and authority fit whole. */
function cutInAdditional(counts: number[], sections: ResourceRecord[][]): boolean {
  return counts[0] === (sections[0] as ResourceRecord[]).length && counts[1] === (sections[1] as ResourceRecord[]).length;
}
