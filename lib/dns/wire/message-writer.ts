// A growable buffer that writes a DNS message, with name compression (RFC 1035 4.1.4) that can
// be rolled back, so a response can be cut at an RRset boundary when it does not fit.
import { labelsToName, lowercaseLabel, parseName } from '@/lib/dns/wire/name-text';
import { wireFail } from '@/lib/dns/wire/wire-error';

/** Pointers carry 14 bits of offset. */
const MAX_POINTER_TARGET = 0x3fff;

export interface WriterMark {
  length: number;
  names: number;
}

export class MessageWriter {
  private buf = Buffer.alloc(512);
  private used = 0;
  /** Canonical suffix → offset where it was written; `added` lets rollback forget new entries. */
  private readonly suffixes = new Map<string, number>();
  private readonly added: string[] = [];

  get length(): number {
    return this.used;
  }

  private ensure(extra: number): void {
    if (this.used + extra <= this.buf.length) return;
    const next = Buffer.alloc(Math.max(this.buf.length * 2, this.used + extra));
    this.buf.copy(next, 0, 0, this.used);
    this.buf = next;
  }

  u8(value: number): void {
    this.ensure(1);
    this.buf.writeUInt8(value, this.used);
    this.used += 1;
  }

  u16(value: number): void {
    this.ensure(2);
    this.buf.writeUInt16BE(value, this.used);
    this.used += 2;
  }

  u32(value: number): void {
    this.ensure(4);
    this.buf.writeUInt32BE(value >>> 0, this.used);
    this.used += 4;
  }

  bytes(data: Uint8Array): void {
    this.ensure(data.length);
    this.buf.set(data, this.used);
    this.used += data.length;
  }

  patchU16(at: number, value: number): void {
    this.buf.writeUInt16BE(value, at);
  }

  /**
   * Write a name. With `compress`, reuse a suffix written earlier (matched case-insensitively,
   * RFC 1035 2.3.3) and remember this name's suffixes for later names.
   */
  name(name: string, compress: boolean): void {
    const labels = parseName(name);
    const keys = compress ? labels.map((_, i) => labelsToName(labels.slice(i).map(lowercaseLabel))) : [];
    for (let i = 0; i < labels.length; i++) {
      const key = keys[i];
      const target = key === undefined ? undefined : this.suffixes.get(key);
      if (target !== undefined) {
        this.u16(0xc000 | target);
        return;
      }
      const label = labels[i] as Uint8Array;
      if (key !== undefined && this.used <= MAX_POINTER_TARGET) {
        this.suffixes.set(key, this.used);
        this.added.push(key);
      }
      this.u8(label.length);
      this.bytes(label);
    }
    this.u8(0);
  }

  mark(): WriterMark {
    return { length: this.used, names: this.added.length };
  }

  rollback(mark: WriterMark): void {
    this.used = mark.length;
    for (const key of this.added.splice(mark.names)) this.suffixes.delete(key);
  }

  /** Run `write` and put its length in front of it (RDLENGTH, OPT option length). */
  withLength(write: () => void): void {
    const at = this.used;
    this.u16(0);
    write();
    const length = this.used - at - 2;
    if (length > 0xffff) wireFail('bad-input', `RDATA of ${length} octets (at most 65535)`);
    this.patchU16(at, length);
  }

  finish(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.used));
  }
}
