// DecodedMessage-like → bytes: for the lab's authoritative servers and test DNS servers.
import { buildMessage, type MessageInput } from '@/lib/dns/wire/build-message';

export type { MessageInput } from '@/lib/dns/wire/build-message';

export interface EncodeMessageOptions {
  /** Compress names as servers do (default true); false writes every name in full. */
  compress?: boolean;
}

/**
 * Encode a whole message: header flags, rcode (its upper bits in OPT), all four sections and
 * EDNS. `{unknown: hex}` works as the data of any type, so a test server can send malformed
 * RDATA on purpose. Throws WireFormatError on input it cannot represent.
 */
export function encodeMessage(msg: MessageInput, options: EncodeMessageOptions = {}): Buffer {
  return buildMessage(msg, { compress: options.compress ?? true }).bytes;
}
