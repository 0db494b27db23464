// lib/dns/wire: DNS messages and records. Import from here, not from dns-packet: importing this
// module installs our strict name codec into dns-packet (see name-codec.ts).
// As a whole this is server-side (dns-packet). Its pure half, lib/dns/wire/pure.ts, re-exported
// here, is what checks, views and browser code import: no node:crypto, no dns-packet. DS digests
// are lib/dns/dnssec/ds-digest.ts.
export * from '@/lib/dns/wire/pure';
export { decodeMessage, type DecodeResult } from '@/lib/dns/wire/decode-message';
export { encodeMessage, type EncodeMessageOptions, type MessageInput } from '@/lib/dns/wire/encode-message';
export { encodeQuery, type EncodeQueryOptions } from '@/lib/dns/wire/encode-query';
export { truncateForUdp, type TruncateOptions } from '@/lib/dns/wire/truncate-for-udp';
export { registrableDomain } from '@/lib/dns/wire/registrable-domain';
export { decodeName, encodeName, type DecodedName } from '@/lib/dns/wire/name-codec';
export { decodeRdata, encodeRdata } from '@/lib/dns/wire/rdata-codec';
export { canonicalRdata, canonicalRrset, compareCanonicalNames, rrsigSignedData, type UnsignedRrsig } from '@/lib/dns/wire/canonical';
export { keyTag } from '@/lib/dns/wire/key-tag';
