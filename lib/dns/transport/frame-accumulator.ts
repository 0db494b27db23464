import 'server-only';

/** The largest DNS message a 2-octet TCP length prefix can announce (RFC 1035 4.2.2). */
export const MAX_TCP_FRAME = 65535;

export interface FrameAccumulator {
  /** Feed bytes as they arrive; returns every frame they complete, in order. */
  push(chunk: Uint8Array): Buffer[];
  /** Octets held for an incomplete frame (prefix included). */
  readonly pendingBytes: number;
}

/**
 * Splits a TCP byte stream into DNS messages (RFC 1035 4.2.2, RFC 7766 8). A read may hold part
 * of a frame, even half of the length prefix, or several frames: TCP keeps no message boundaries.
 * Holds at most one frame's worth of bytes, so a hostile peer cannot make it buffer more.
 */
export function createFrameAccumulator(maxFrame: number = MAX_TCP_FRAME): FrameAccumulator {
  let pending: Buffer = Buffer.alloc(0);

  return {
    push(chunk) {
      pending = pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([pending, chunk]);
      const frames: Buffer[] = [];
      for (;;) {
        if (pending.length < 2) break;
        const length = pending.readUInt16BE(0);
        if (length > maxFrame) throw new RangeError(`frame of ${length} octets exceeds the ${maxFrame}-octet cap`);
        if (pending.length < 2 + length) break;
        // Copy out so a returned frame never aliases bytes a later push reuses.
        frames.push(Buffer.from(pending.subarray(2, 2 + length)));
        pending = pending.subarray(2 + length);
      }
      return frames;
    },
    get pendingBytes() {
      return pending.length;
    },
  };
}

/** Prefixes a message with its 2-octet length (RFC 1035 4.2.2). */
export function frameMessage(message: Uint8Array): Buffer {
  if (message.length > MAX_TCP_FRAME) throw new RangeError(`message of ${message.length} octets cannot be framed`);
  const out = Buffer.alloc(2 + message.length);
  out.writeUInt16BE(message.length, 0);
  out.set(message, 2);
  return out;
}
