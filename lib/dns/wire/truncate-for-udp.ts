// A response cut to fit a UDP payload, as an authoritative server does it (RFC 1035 4.2.1,
// RFC 2181 9, RFC 6891 7): whole RRsets only, in section order; TC when something from the answer
// or authority section is left out, not when only additional data is; the OPT record stays.
import { buildMessage, type MessageInput } from '@/lib/dns/wire/build-message';

export interface TruncateOptions {
  /** Compress names as servers do (default true). */
  compress?: boolean;
}

/**
 * Encode `msg` in at most `maxSize` octets when it can (header, question and OPT are always
 * kept, even if they alone are larger). Returns the bytes; TC is set as described above.
 */
export function truncateForUdp(msg: MessageInput, maxSize: number, options: TruncateOptions = {}): Buffer {
  return buildMessage(msg, { compress: options.compress ?? true, maxSize }).bytes;
}
