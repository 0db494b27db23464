// A DNS message's ID is its first two octets (RFC 1035 4.1.1), and nothing else in the message
// depends on it: the same question or reply under another ID is the same bytes after them. What
// zonecut keeps per message (an encoded query, a decoded reply, a lab server's or the lab
// resolver's answer) is keyed by those bytes, and handed out again with the ID written in.

/** The message's octets after its ID, as a table key (latin1: one character per octet). */
export function bytesAfterId(message: Uint8Array): string {
  return Buffer.from(message.buffer, message.byteOffset + 2, Math.max(0, message.length - 2)).toString('latin1');
}

/** A copy of `message` with `id` as its ID. */
export function withId(message: Uint8Array, id: number): Buffer {
  const copy = Buffer.from(message);
  copy.writeUInt16BE(id, 0);
  return copy;
}
