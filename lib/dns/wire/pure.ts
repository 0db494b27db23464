// The pure half of lib/dns/wire: names, record types, text forms and the codec's types, with no
// node:crypto and no dns-packet, so checks, views and client components may import it anywhere
// (pure.test.ts follows the imports to keep it so). Encoding and decoding messages, canonical
// form and key tags of decoded keys are the codec's: lib/dns/wire (index.ts), server side.
// registrableDomain is pure too, but carries tldts's suffix list: import registrable-domain.ts.
export type * from '@/lib/dns/wire/types';
export { WireFormatError, type WireError, type WireErrorKind } from '@/lib/dns/wire/wire-error';
export { canonicalName, dsbootSignalName, fqdn, isInDomain, isSameName, isSubdomain, labelCount, labels, parentName } from '@/lib/dns/wire/name';
export { provenName } from '@/lib/dns/wire/proven-name';
export { classNumber, className, opcodeName, rcodeName, rcodeNumber, typeName, typeNumber } from '@/lib/dns/wire/rr-types';
export { formatRdata, formatSignatureTime, quoteCharacterString, formatUnknownRdata } from '@/lib/dns/wire/format-rdata';
export { formatRecord } from '@/lib/dns/wire/format-record';
export { formatMessage, formatServer, type FormatMessageMeta } from '@/lib/dns/wire/format-message';
export { digCommand, type DigOptions } from '@/lib/dns/wire/dig-command';
export { keyTagOfRdata } from '@/lib/dns/wire/key-tag-of-rdata';
