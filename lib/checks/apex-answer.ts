// Apex answers judged: whether a response to `<zone> SOA|NS` comes from a server authoritative for
// the zone, or says how it is lame. The one place this rule lives (the pages read its verdicts
// from the Report's zone facts).
import type { DecodedMessage } from '@/lib/dns/wire/types';
import { canonicalName, isSubdomain } from '@/lib/dns/wire/name';
import { records, sameName } from '@/lib/checks/message-records';

export type LameReason =
  'refused' | 'servfail' | 'notauth' | 'nxdomain' | 'rcode' | 'not-authoritative' | 'referral' | 'upward-referral' | 'other-zone' | 'empty';

export type ApexVerdict = { authoritative: true } | { authoritative: false; reason: LameReason; detail: string };

/**
 * Whether a response to `<zone> SOA|NS` comes from a server authoritative for the zone
 * (RFC 8499 lame delegation; Zonemaster DELEGATION04: AA set, data for the zone itself).
 */
export function judgeApexAnswer(msg: DecodedMessage, zone: string, qtype: string): ApexVerdict {
  switch (msg.rcode) {
    case 'NOERROR':
      break;
    case 'REFUSED':
      return { authoritative: false, reason: 'refused', detail: 'REFUSED' };
    case 'SERVFAIL':
      return { authoritative: false, reason: 'servfail', detail: 'SERVFAIL' };
    case 'NOTAUTH':
      return { authoritative: false, reason: 'notauth', detail: 'NOTAUTH' };
    case 'NXDOMAIN':
      return { authoritative: false, reason: 'nxdomain', detail: `NXDOMAIN for the zone's own apex` };
    default:
      return { authoritative: false, reason: 'rcode', detail: msg.rcode };
  }
  const ownAnswer = records(msg, 'answer', zone, qtype).length > 0;
  const ownSoa = records(msg, 'authority', zone, 'SOA').length > 0;
  const authNs = records(msg, 'authority', undefined, 'NS');
  if (msg.flags.aa && (ownAnswer || ownSoa)) return { authoritative: true };
  if (authNs.some((rr) => sameName(rr.name, zone))) {
    return { authoritative: false, reason: 'referral', detail: `a referral to ${canonicalName(zone)} itself instead of an answer` };
  }
  const upward = authNs.find((rr) => isSubdomain(zone, rr.name));
  if (upward) return { authoritative: false, reason: 'upward-referral', detail: `an upward referral to ${canonicalName(upward.name)}` };
  if (!msg.flags.aa) return { authoritative: false, reason: 'not-authoritative', detail: 'NOERROR without the AA flag' };
  const otherSoa = records(msg, 'authority', undefined, 'SOA')[0];
  if (otherSoa)
    return { authoritative: false, reason: 'other-zone', detail: `authoritative for ${canonicalName(otherSoa.name)}, not for ${canonicalName(zone)}` };
  return { authoritative: false, reason: 'empty', detail: 'an empty authoritative answer without SOA' };
}
