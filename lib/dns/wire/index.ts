// lib/dns/wire: DNS messages and records. Import from here, not from dns-packet: importing this
// module installs our strict name codec into dns-packet (see name-codec.ts).
// As a whole this is server-side (dns-packet, node:crypto in ds-digest.ts). Browser code imports
// name.ts, format-rdata.ts, format-record.ts, format-message.ts and dig-command.ts directly: they
// use nothing from Node but Buffer.
export { decodeMessage, type DecodeResult } from '@/lib/dns/wire/decode-message';
export { encodeMessage, type EncodeMessageOptions, type MessageInput } from '@/lib/dns/wire/encode-message';
export { encodeQuery, type EncodeQueryOptions } from '@/lib/dns/wire/encode-query';
export { truncateForUdp, type TruncateOptions } from '@/lib/dns/wire/truncate-for-udp';
export { WireFormatError, type WireError, type WireErrorKind } from '@/lib/dns/wire/wire-error';
export { canonicalName, dsbootSignalName, fqdn, isInDomain, isSameName, isSubdomain, labelCount, labels, parentName } from '@/lib/dns/wire/name';
export { registrableDomain } from '@/lib/dns/wire/registrable-domain';
export { provenName } from '@/lib/dns/wire/proven-name';
export { decodeName, encodeName, type DecodedName } from '@/lib/dns/wire/name-codec';
export { decodeRdata, encodeRdata } from '@/lib/dns/wire/rdata-codec';
export { classNumber, className, opcodeName, rcodeName, rcodeNumber, typeName, typeNumber } from '@/lib/dns/wire/rr-types';
export { formatRdata, formatSignatureTime, quoteCharacterString, formatUnknownRdata } from '@/lib/dns/wire/format-rdata';
export { formatRecord } from '@/lib/dns/wire/format-record';
export { formatMessage, formatServer, type FormatMessageMeta } from '@/lib/dns/wire/format-message';
export { digCommand, type DigOptions } from '@/lib/dns/wire/dig-command';
export { canonicalRdata, canonicalRrset, compareCanonicalNames, rrsigSignedData, type UnsignedRrsig } from '@/lib/dns/wire/canonical';
export { keyTag } from '@/lib/dns/wire/key-tag';
export { dsDigest, dsFromDnskey, type DsDigestType } from '@/lib/dns/wire/ds-digest';
