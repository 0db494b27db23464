// Proof that a delegation has no DS (an insecure delegation), from the NSEC or NSEC3 records a
// parent's server sent with its answer to `<child> DS` (or with a referral). Server side: NSEC3
// hashing uses node:crypto. This reads the records only; the caller verifies their RRSIGs
// (verifyRrset) with the parent zone's keys.
//
// - NSEC (RFC 4035 5.4, RFC 6840 4.4): an NSEC owned by the child name whose bitmap has NS and has
//   neither DS nor SOA. One with SOA comes from the child's apex, the other side of the cut, and
//   proves nothing about the parent's DS.
// - NSEC3 (RFC 5155 8.5, 8.6): an NSEC3 of the parent zone matching hash(child) with NS and
//   neither DS nor SOA; or, under opt-out, the closest encloser proof (RFC 5155 8.3): an NSEC3
//   matching the closest encloser, and one covering the next closer name with the Opt-Out flag.
//   NSEC3 with flags other than Opt-Out are ignored (RFC 5155 8.2). A hash algorithm we do not
//   know, parameters that differ between the records, or more than 150 iterations (RFC 9276 3.2:
//   a validator may treat the zone as insecure without a proof) give no proof, and say why.
import type { Nsec3Data, NsecData, ResourceRecord, RRType } from '@/lib/dns/wire/types';
import { nsec3Hash, NSEC3_SHA1 } from '@/lib/dns/dnssec/nsec3-hash';
import { canonicalName, isSubdomain, labels, parentName } from '@/lib/dns/wire/name';

export type DsDenial = { proven: true; by: 'nsec' | 'nsec3' | 'nsec3-opt-out'; records: ResourceRecord[] } | { proven: false; reason: string };

/** Above this many extra iterations a validator may call the zone insecure (RFC 9276 3.2). */
export const NSEC3_MAX_ITERATIONS = 150;

const OPT_OUT = 0x01; // RFC 5155 3.1.2.1

const has = (types: readonly RRType[], type: RRType) => types.some((t) => t.toUpperCase() === type);
const isNsec = (rr: ResourceRecord): rr is ResourceRecord & { data: NsecData } =>
  rr.type.toUpperCase() === 'NSEC' && typeof rr.data === 'object' && rr.data !== null && 'nextDomain' in rr.data && 'types' in rr.data;
const isNsec3 = (rr: ResourceRecord): rr is ResourceRecord & { data: Nsec3Data } =>
  rr.type.toUpperCase() === 'NSEC3' && typeof rr.data === 'object' && rr.data !== null && 'nextHashedOwner' in rr.data && 'types' in rr.data;

/** What a bitmap at the child name says about a DS, or null when it proves the DS absent. */
function bitmapProblem(types: readonly RRType[], record: string): string | null {
  if (has(types, 'DS')) return `${record} lists DS: the DS exists`;
  if (has(types, 'SOA')) return `${record} lists SOA: it is from the child's apex, the other side of the cut (RFC 6840 4.4)`;
  if (!has(types, 'NS')) return `${record} lists no NS: the name is not a delegation`;
  return null;
}

function proveWithNsec(child: string, nsecs: readonly (ResourceRecord & { data: NsecData })[]): DsDenial {
  const atChild = nsecs.filter((rr) => canonicalName(rr.name) === child);
  if (atChild.length === 0) return { proven: false, reason: `no NSEC owned by ${child}` };
  const problems: string[] = [];
  for (const rr of atChild) {
    const problem = bitmapProblem(rr.data.types, `the NSEC at ${child}`);
    if (problem === null) return { proven: true, by: 'nsec', records: [rr] };
    problems.push(problem);
  }
  return { proven: false, reason: [...new Set(problems)].join('; ') };
}

interface Nsec3Entry {
  rr: ResourceRecord & { data: Nsec3Data };
  /** The hash label of the owner, lowercase. */
  hash: string;
}

/** Whether `hash` falls strictly between the record's owner hash and its next (wrapping at the end). */
function covers(entry: Nsec3Entry, hash: string): boolean {
  const from = entry.hash;
  const to = entry.rr.data.nextHashedOwner.toLowerCase();
  return from < to ? from < hash && hash < to : hash > from || hash < to;
}

function proveWithNsec3(child: string, parentZone: string, records: readonly (ResourceRecord & { data: Nsec3Data })[]): DsDenial {
  // RFC 5155 8.2: ignore unknown flags. The owner is one hash label under the zone.
  const entries: Nsec3Entry[] = records
    .filter((rr) => (rr.data.flags & ~OPT_OUT) === 0 && parentName(rr.name) !== null && canonicalName(parentName(rr.name)!) === parentZone)
    .map((rr) => ({ rr, hash: (labels(rr.name)[0] ?? '').toLowerCase() }));
  if (entries.length === 0) return { proven: false, reason: `no NSEC3 of ${parentZone} (records with unknown flags are ignored, RFC 5155 8.2)` };

  const params = new Set(entries.map(({ rr }) => `${rr.data.hashAlgorithm} ${rr.data.iterations} ${rr.data.salt.toLowerCase() || '-'}`));
  if (params.size > 1)
    return { proven: false, reason: `the NSEC3 records disagree on their parameters (algorithm, iterations, salt: ${[...params].join(' / ')})` };
  const { hashAlgorithm, iterations, salt } = entries[0]!.rr.data;
  if (hashAlgorithm !== NSEC3_SHA1)
    return { proven: false, reason: `NSEC3 hash algorithm ${hashAlgorithm} is unknown (only 1, SHA-1): no proof (RFC 5155 8.1)` };
  if (iterations > NSEC3_MAX_ITERATIONS) {
    return {
      proven: false,
      reason: `NSEC3 uses ${iterations} iterations, above ${NSEC3_MAX_ITERATIONS}: RFC 9276 3.2 lets validators treat the zone as insecure without checking the proof`,
    };
  }
  const hashOf = (name: string) => nsec3Hash(name, hashAlgorithm, iterations, salt);
  const matching = (name: string) => {
    const h = hashOf(name);
    return entries.find((e) => e.hash === h);
  };

  const exact = matching(child);
  if (exact) {
    const problem = bitmapProblem(exact.rr.data.types, `the NSEC3 matching ${child}`);
    return problem === null ? { proven: true, by: 'nsec3', records: [exact.rr] } : { proven: false, reason: problem };
  }

  // RFC 5155 8.3: the closest provable encloser, from the child's parent up to the zone apex.
  const childLabels = labels(child);
  const zoneDepth = labels(parentZone).length;
  for (let depth = childLabels.length - 1; depth >= zoneDepth; depth--) {
    const encloser = depth === 0 ? '.' : `${childLabels.slice(childLabels.length - depth).join('.')}.`;
    const match = matching(encloser);
    if (!match) continue;
    const types = match.rr.data.types;
    if (has(types, 'DNAME') || (has(types, 'NS') && !has(types, 'SOA'))) {
      return {
        proven: false,
        reason: `the closest encloser ${encloser} is a ${has(types, 'DNAME') ? 'DNAME' : 'delegation'}: its NSEC3 cannot prove names below it (RFC 5155 8.3)`,
      };
    }
    const nextCloser = `${childLabels.slice(childLabels.length - depth - 1).join('.')}.`;
    const nextHash = hashOf(nextCloser);
    const covering = entries.find((e) => covers(e, nextHash));
    if (!covering) return { proven: false, reason: `an NSEC3 matches the closest encloser ${encloser}, but none covers the next closer name ${nextCloser}` };
    if ((covering.rr.data.flags & OPT_OUT) === 0) {
      return {
        proven: false,
        reason: `the NSEC3 covering ${nextCloser} has no Opt-Out flag: it says ${nextCloser} does not exist, not that ${child} is an unsigned delegation (RFC 5155 8.6)`,
      };
    }
    return { proven: true, by: 'nsec3-opt-out', records: [match.rr, covering.rr] };
  }
  return { proven: false, reason: `no NSEC3 matches ${child} or any of its ancestors up to ${parentZone}` };
}

/**
 * Whether `authority` (a parent server's NSEC/NSEC3 records, with their RRSIGs or not) proves that
 * `child` has no DS in `parentZone`. `records` are the NSEC/NSEC3 used: verify their RRSIGs.
 */
export function proveDsAbsence(child: string, parentZone: string, authority: readonly ResourceRecord[]): DsDenial {
  const name = canonicalName(child);
  const zone = canonicalName(parentZone);
  if (name === zone || !isSubdomain(name, zone)) return { proven: false, reason: `${name} is not below ${zone}: ${zone} cannot hold its DS` };

  const nsecs = authority.filter(isNsec);
  const nsec3s = authority.filter(isNsec3);
  if (nsecs.length === 0 && nsec3s.length === 0) return { proven: false, reason: `no NSEC or NSEC3 records in the response for ${name} DS` };

  const reasons: string[] = [];
  if (nsecs.length > 0) {
    const byNsec = proveWithNsec(name, nsecs);
    if (byNsec.proven) return byNsec;
    reasons.push(byNsec.reason);
  }
  if (nsec3s.length > 0) {
    const byNsec3 = proveWithNsec3(name, zone, nsec3s);
    if (byNsec3.proven) return byNsec3;
    reasons.push(byNsec3.reason);
  }
  return { proven: false, reason: reasons.join('; ') };
}
