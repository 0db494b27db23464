// The parent's delegation next to the child's own NS set, for each zone cut: which names and
// addresses each side gives, and where they differ. Pure and isomorphic.
import type { Capture, ZoneCut } from '@/lib/dns/capture';
import { canonicalName } from '@/lib/dns/wire/name';

export interface NsCompareAddress {
  address: string;
  /** Not on the other side (only judged where the other side has addresses for the name). */
  differs: boolean;
}

export interface NsCompareRow {
  name: string;
  /** Named on this side only. */
  differs: boolean;
  inDomain: boolean;
  addresses: NsCompareAddress[];
  /** Parent side: an in-domain name without glue. */
  missingGlue?: boolean;
}

export interface NsComparison {
  zone: string;
  parent: string;
  parentRows: NsCompareRow[];
  childRows: NsCompareRow[];
  /** Same names, and glue that agrees with the child's addresses. */
  agree: boolean;
  /** A parent server serves the child too: the parent's own delegation could not be seen from it. */
  coHosted: boolean;
}

export function compareCut(cut: ZoneCut): NsComparison | null {
  if (cut.parent === null) return null;
  const parentNames = new Set(cut.parentNs.map(canonicalName));
  const childNames = new Set(cut.childNs.map(canonicalName));
  const byName = new Map(cut.nameservers.map((ns) => [canonicalName(ns.name), ns]));
  const glueOf = (name: string) => (byName.get(name)?.addresses ?? []).filter((a) => a.origins.includes('glue')).map((a) => a.address.toLowerCase());
  const childAddressesOf = (name: string) =>
    (byName.get(name)?.addresses ?? [])
      .filter((a) => a.origins.includes('child') || a.origins.includes('resolver') || a.origins.includes('walk'))
      .map((a) => a.address.toLowerCase());

  const parentRows = [...parentNames].map((name): NsCompareRow => {
    const glue = glueOf(name);
    const child = childAddressesOf(name);
    const inDomain = byName.get(name)?.inDomain ?? false;
    return {
      name,
      differs: !childNames.has(name),
      inDomain,
      addresses: glue.map((address) => ({ address, differs: child.length > 0 && !child.includes(address) })),
      missingGlue: inDomain && glue.length === 0,
    };
  });
  const childRows = [...childNames].map((name): NsCompareRow => {
    const glue = glueOf(name);
    const inDomain = byName.get(name)?.inDomain ?? false;
    return {
      name,
      differs: !parentNames.has(name),
      inDomain,
      // Glue is only expected for in-domain names: an out-of-domain name's addresses are its own zone's.
      addresses: childAddressesOf(name).map((address) => ({ address, differs: inDomain && parentNames.has(name) && !glue.includes(address) })),
    };
  });
  const agree =
    parentRows.every((r) => !r.differs && !r.missingGlue && r.addresses.every((a) => !a.differs)) &&
    childRows.every((r) => !r.differs && r.addresses.every((a) => !a.differs));
  return { zone: canonicalName(cut.zone), parent: canonicalName(cut.parent), parentRows, childRows, agree, coHosted: cut.coHosted === true };
}

export function compareCuts(capture: Capture): NsComparison[] {
  return capture.cuts.map(compareCut).filter((c): c is NsComparison => c !== null);
}
