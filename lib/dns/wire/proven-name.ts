// What a reply proves exists, read the same way by the walker (to see through a broken NXDOMAIN)
// and by the checks (to report it). Pure; no Node APIs.
import type { DecodedMessage } from '@/lib/dns/wire/types';
import { canonicalName, isSameName, isSubdomain } from '@/lib/dns/wire/name';

/**
 * The deepest name that `message`, the reply to a question about `qname`, shows to exist: the
 * cut of a referral (NS for an ancestor of qname in authority, no answer, no SOA), or qname
 * itself for an authoritative NOERROR (an answer, an alias, or NODATA: RFC 8020 2, a name with no
 * data still exists). Undefined for anything else, NXDOMAIN and errors included.
 */
export function provenName(qname: string, message: DecodedMessage | undefined): string | undefined {
  if (!message || message.rcode !== 'NOERROR' || message.flags.tc) return undefined;
  const name = canonicalName(qname);
  const cut = message.authority.find((rr) => rr.type === 'NS' && isSubdomain(name, canonicalName(rr.name)));
  const soa = message.authority.some((rr) => rr.type === 'SOA');
  if (cut && message.answer.length === 0 && !soa) return canonicalName(cut.name);
  return message.flags.aa ? name : undefined;
}

/**
 * Whether `message`, the reply to a question about `qname`, shows a name strictly below `ancestor`
 * to exist: after an NXDOMAIN for `ancestor`, what an empty non-terminal broken by old servers
 * looks like when the full name is asked (RFC 9156 2.3, RFC 8020 2).
 */
export function provesBelow(qname: string, ancestor: string, message: DecodedMessage | undefined): boolean {
  const proven = provenName(qname, message);
  return proven !== undefined && isSubdomain(proven, ancestor) && !isSameName(proven, ancestor);
}
