// Domain names on the wire (RFC 1035 3.1, 4.1.4), strict, and installed into dns-packet.
//
// Why we wrote this part ourselves: dns-packet's name codec is lossy (labels joined with `.`, so
// the one label `a.b` reads as two; octets read as UTF-8, so 0xff becomes U+FFFD) and cannot
// write an escaped name back. A checker must show exactly what a server sent, and signatures are
// computed over exact octets, so names use RFC 1035 5.1 presentation escapes here.
//
// dns-packet's record codecs (SOA, MX, RRSIG, …) call `name.decode` / `name.encode` /
// `name.encodingLength` as properties of its exported `name` object at call time
// (index.js: `const name = exports.name = {}`, then e.g. `data.mname = name.decode(buf, offset)`
// and `offset += name.decode.bytes`), so replacing those three properties makes every name
// dns-packet reads or writes go through this codec. The replacements keep its contract: return
// the value and leave the octet count in `.bytes`.
import dnsPacket from 'dns-packet';
import { labelsToWire, MAX_NAME_OCTETS, OCTET_TEXT, parseName } from '@/lib/dns/wire/name-text';
import { wireFail } from '@/lib/dns/wire/wire-error';

/**
 * More hops than any legal name needs: with backward-only pointers each hop moves strictly
 * earlier, so this bound is a second guard, not the first.
 */
const MAX_POINTER_HOPS = 128;
/** A DNS message's fixed header (RFC 1035 4.1.1): ID, flags and four counts, never a name. */
const HEADER_OCTETS = 12;

export interface DecodedName {
  /** Presentation form, absolute, case as on the wire. */
  name: string;
  /** Octets the name occupies where it starts (up to and including the first pointer). */
  bytes: number;
}

/** Follow pointers from `target` regardless of direction, to tell a loop from a plain forward jump. */
function leadsBack(buf: Uint8Array, target: number, visited: ReadonlySet<number>): boolean {
  const seen = new Set(visited);
  let pos = target;
  for (let steps = 0; steps < 512; steps++) {
    if (seen.has(pos)) return true;
    seen.add(pos);
    const len = buf[pos];
    if (len === undefined || len === 0) return false;
    if ((len & 0xc0) === 0xc0) {
      const low = buf[pos + 1];
      if (low === undefined) return false;
      pos = ((len & 0x3f) << 8) | low;
    } else if ((len & 0xc0) === 0) {
      pos += len + 1;
    } else {
      return false;
    }
  }
  return true;
}

/**
 * The positions a name's reading has passed through from `offset` up to the pointer at `end`
 * (each once: every pointer before it pointed back). Only a malformed name needs them, so they are
 * worked out again then rather than kept for every name read.
 */
function positionsUpTo(buf: Uint8Array, offset: number, end: number): Set<number> {
  const seen = new Set<number>();
  let pos = offset;
  for (let steps = 0; steps < 512 && pos !== end; steps++) {
    seen.add(pos);
    const len = buf[pos] as number;
    pos = (len & 0xc0) === 0xc0 ? ((len & 0x3f) << 8) | (buf[pos + 1] as number) : pos + len + 1;
  }
  seen.add(end);
  return seen;
}

/**
 * Read the name at `offset` in a whole message. Pointers may only go backwards, before the start
 * of the labels being read (RFC 1035 4.1.4 "a prior occurrence"), which also makes loops
 * impossible. Throws WireFormatError with the precise kind.
 */
export function decodeName(buf: Uint8Array, offset: number): DecodedName {
  // Every name of every reply comes through here: the text is written straight from the octets
  // (as labelsToName would write it), with no label arrays or sets built along the way.
  // Bound once here: an imported binding may be read through a getter (a bundler's module
  // interop), which per octet was 2% of a check's CPU.
  const octetText = OCTET_TEXT;
  let name = '';
  let pos = offset;
  let segmentStart = offset;
  let bytes = -1;
  let wireLength = 1;
  let hops = 0;
  for (;;) {
    const len = buf[pos];
    if (len === undefined) wireFail('truncated', `the message ends inside a name (offset ${pos})`, pos);
    if (len === 0) {
      if (bytes < 0) bytes = pos + 1 - offset;
      break;
    }
    const kind = len & 0xc0;
    if (kind === 0xc0) {
      const low = buf[pos + 1];
      if (low === undefined) wireFail('truncated', `the message ends inside a compression pointer (offset ${pos})`, pos);
      const target = ((len & 0x3f) << 8) | low;
      if (bytes < 0) bytes = pos + 2 - offset;
      if (target >= buf.length) {
        wireFail('pointer-out-of-range', `compression pointer at ${pos} to ${target}, past the end (${buf.length})`, pos);
      }
      // No name lives in the 12-octet header: a pointer there would read the ID (and flags) as
      // labels, so the same reply under another ID would say something else.
      if (target < HEADER_OCTETS) {
        wireFail('pointer-out-of-range', `compression pointer at ${pos} to ${target}, inside the ${HEADER_OCTETS}-octet header`, pos);
      }
      if (target >= segmentStart) {
        if (leadsBack(buf, target, positionsUpTo(buf, offset, pos))) wireFail('pointer-loop', `compression pointer at ${pos} to ${target} makes a loop`, pos);
        wireFail('pointer-forward', `compression pointer at ${pos} to ${target} does not point back to a prior name`, pos);
      }
      if (++hops > MAX_POINTER_HOPS) wireFail('pointer-loop', `more than ${MAX_POINTER_HOPS} compression pointers in one name`, pos);
      pos = target;
      segmentStart = target;
      continue;
    }
    if (kind !== 0) {
      // 0x40: RFC 2673 bit-string labels, deprecated (RFC 6891 5); 0x80: reserved.
      wireFail('bad-label-type', `label type 0x${kind.toString(16)} at ${pos}`, pos);
    }
    if (pos + 1 + len > buf.length) wireFail('truncated', `the message ends inside a label (offset ${pos})`, pos);
    wireLength += len + 1;
    if (wireLength > MAX_NAME_OCTETS) wireFail('name-too-long', `name at ${offset} is longer than ${MAX_NAME_OCTETS} octets`, pos);
    for (let i = pos + 1; i <= pos + len; i++) name += octetText[buf[i] as number];
    name += '.';
    pos += len + 1;
  }
  return { name: name === '' ? '.' : name, bytes };
}

/** Uncompressed wire form of a name in presentation form. Throws WireFormatError. */
export function encodeName(name: string): Uint8Array {
  return labelsToWire(parseName(name));
}

interface DnsPacketNameCodec {
  encode: ((name: string, buf?: Buffer, offset?: number) => Buffer) & { bytes: number };
  decode: ((buf: Buffer, offset?: number) => string) & { bytes: number };
  encodingLength: (name: string) => number;
}

const installed = Symbol.for('zonecut.wire.nameCodec');

/** Make dns-packet read and write every name with this codec. Idempotent; runs on import. */
export function installNameCodec(): void {
  const codec = (dnsPacket as unknown as { name: DnsPacketNameCodec & { [installed]?: true } }).name;
  if (codec[installed]) return;
  const encode = Object.assign(
    (name: string, buf?: Buffer, offset = 0): Buffer => {
      const wire = encodeName(name);
      const out = buf ?? Buffer.alloc(wire.length + offset);
      out.set(wire, offset);
      encode.bytes = wire.length;
      return out;
    },
    { bytes: 0 },
  );
  const decode = Object.assign(
    (buf: Buffer, offset = 0): string => {
      const result = decodeName(buf, offset);
      decode.bytes = result.bytes;
      return result.name;
    },
    { bytes: 0 },
  );
  codec.encode = encode;
  codec.decode = decode;
  codec.encodingLength = (name: string) => encodeName(name).length;
  codec[installed] = true;
}

installNameCodec();
