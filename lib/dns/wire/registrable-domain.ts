// The registrable domain of a name: its public suffix (the Public Suffix List, through tldts)
// and one label more, what a registry or a PSL private-section operator hands out (example.co.uk.,
// someone.github.io.). Isomorphic; never throws.
//
// Names under a TLD the list does not know (`test.`, the lab's; a typo such as `example.cmo.`)
// fall under the list's default rule `*`: the TLD itself is the suffix, so `provider.test.` is
// registrable. That is deliberate: it is what the lab relies on, and a name under an unknown TLD
// is judged as the list's own algorithm says.
import { getPublicSuffix } from 'tldts';
import { canonicalName, labels } from '@/lib/dns/wire/name';

/** Labels the list can match: letters, digits, hyphen, underscore (already lowercase). */
const LIST_LABEL = /^[a-z0-9_-]+$/;

/**
 * `ns9.old.provider.net.` → `provider.net.`; `ns1.example.co.uk.` → `example.co.uk.`. Null for a
 * public suffix itself (`co.uk.`, `com.`), the root, or a name whose labels tldts cannot read.
 */
export function registrableDomain(name: string): string | null {
  const parts = labels(canonicalName(name));
  if (parts.length < 2) return null;
  // A label with escapes (`a\032b`) can match no rule but a wildcard: `_` stands in for it (no
  // rule has an underscore), so the list counts labels without misreading the escapes.
  const host = parts.map((l) => (LIST_LABEL.test(l) ? l : '_')).join('.');
  const suffix = getPublicSuffix(host, { allowPrivateDomains: true, extractHostname: false, validateHostname: false, detectIp: false });
  if (!suffix) return null;
  const suffixLabels = suffix.split('.').length;
  if (suffixLabels >= parts.length) return null;
  return parts.slice(-(suffixLabels + 1)).join('.') + '.';
}
