// Small pure helpers on names in presentation form (after miekg/dns: Fqdn, CanonicalName,
// IsSubDomain). Names in our types are absolute with the trailing dot; root is `.`.
// Isomorphic: no Node APIs. Never throws: these run on evidence, which may hold odd names.
import { KeptTable } from '@/lib/dns/kept-table';
import { labelsToName, lowercaseLabel, parseName } from '@/lib/dns/wire/name-text';

/** Whether the text ends in a dot that is not itself escaped (`a\.` does not). */
function endsWithSeparator(name: string): boolean {
  if (!name.endsWith('.')) return false;
  let backslashes = 0;
  for (let i = name.length - 2; i >= 0 && name[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 0;
}

/** Make a name absolute: add the trailing dot. `''` → `.`. */
export function fqdn(name: string): string {
  if (name === '') return '.';
  return endsWithSeparator(name) ? name : name + '.';
}

const PLAIN = /^[A-Za-z0-9_*-]+(\.[A-Za-z0-9_*-]+)*\.?$/;

// canonicalName is called for nearly every record a walk and its report read (≈8% of a check's
// CPU, the same few hundred names over and over), so its results are kept: a bounded table, the
// oldest dropped first when full (as canonicalAddress's). Only names of at most 512 characters
// (a plain name has at most 254; longer ones are escapes) are kept, and a canonical name has at
// most 1,020 (255 octets as `\DDD`): at most 4,096 entries of ~2 KB, 8 MB however odd the names.
const CANONICAL_MEMO_ENTRIES = 4096;
const CANONICAL_MEMO_MAX_CHARS = 512;
const canonicalMemo = new KeptTable<string, string>(CANONICAL_MEMO_ENTRIES);

/**
 * The form to compare and store: absolute, ASCII letters lowercased (RFC 4034 6.2), escapes
 * written one way (`\065` and `A` both become `a`).
 */
export function canonicalName(name: string): string {
  const known = canonicalMemo.get(name);
  if (known !== undefined) return known;
  const canonical = computeCanonicalName(name);
  if (name.length <= CANONICAL_MEMO_MAX_CHARS) canonicalMemo.keep(name, canonical);
  return canonical;
}

function computeCanonicalName(name: string): string {
  if (name === '' || name === '.') return '.';
  if (PLAIN.test(name)) return fqdn(name.replace(/[A-Z]/g, (c) => c.toLowerCase()));
  try {
    return labelsToName(parseName(name).map(lowercaseLabel));
  } catch {
    // Not a valid name (an empty label, a bad escape): still give a stable comparison key.
    return fqdn(name.replace(/[A-Z]/g, (c) => c.toLowerCase()));
  }
}

/** The labels of a name in presentation form, escapes kept, left to right; root → `[]`. */
export function labels(name: string): string[] {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < name.length; i++) {
    const ch = name[i] as string;
    if (ch === '\\') {
      const isDecimal = /[0-9]/.test(name[i + 1] ?? '');
      const width = isDecimal ? 4 : 2;
      current += name.slice(i, i + width);
      i += width - 1;
    } else if (ch === '.') {
      if (current !== '') out.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  if (current !== '') out.push(current);
  return out;
}

/** Number of labels, root not counted (as the RRSIG Labels field counts, RFC 4034 3.1.3). */
export function labelCount(name: string): number {
  return labels(name).length;
}

/** `www.example.com.` → `example.com.`; `com.` → `.`; the root has no parent: null. */
export function parentName(name: string): string | null {
  const parts = labels(name);
  if (parts.length === 0) return null;
  return parts.length === 1 ? '.' : parts.slice(1).join('.') + '.';
}

/** Same name, ignoring ASCII case and escape spelling. */
export function isSameName(a: string, b: string): boolean {
  return canonicalName(a) === canonicalName(b);
}

/** Whether `child` is `parent` or below it (miekg's IsSubDomain: a name is its own subdomain). */
export function isSubdomain(child: string, parent: string): boolean {
  const cn = canonicalName(child);
  const pn = canonicalName(parent);
  // Fast path (isSubdomain is ≈5% of a check's CPU): without escapes or empty labels, a dot is
  // always a label separator, so comparing suffixes is comparing labels, with no arrays built.
  if (isPlainCanonical(cn) && isPlainCanonical(pn)) {
    return pn === '.' || cn === pn || (cn.length > pn.length && cn.endsWith(pn) && cn.charCodeAt(cn.length - pn.length - 1) === 0x2e);
  }
  const c = labels(cn);
  const p = labels(pn);
  if (p.length > c.length) return false;
  const offset = c.length - p.length;
  return p.every((label, i) => c[offset + i] === label);
}

/** A canonical name whose every dot separates two non-empty labels: no escape, no empty label. */
function isPlainCanonical(name: string): boolean {
  if (name === '.') return true;
  return name.charCodeAt(0) !== 0x2e && !name.includes('\\') && !name.includes('..');
}

/**
 * RFC 8499 "in-domain": an NS name at or below the zone it serves, so its address records must
 * come from glue in the parent (RFC 9471).
 */
export function isInDomain(nsName: string, zone: string): boolean {
  return isSubdomain(nsName, zone);
}

/**
 * RFC 9615 4.1: where the DNS operator behind `nsName` co-publishes the CDS/CDNSKEY of `zone`,
 * `_dsboot.<zone>._signal.<nsName>` (`example.co.uk.` at `ns1.provider.net.` →
 * `_dsboot.example.co.uk._signal.ns1.provider.net.`).
 */
export function dsbootSignalName(zone: string, nsName: string): string {
  const child = canonicalName(zone);
  return `_dsboot.${child === '.' ? '' : child}_signal.${canonicalName(nsName)}`;
}
