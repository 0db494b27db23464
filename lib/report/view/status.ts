// One short status per tree node, in words and a tone, the same in the tree, the diagram and the
// evidence panel: never colour alone. Pure and isomorphic.
import type { Severity } from '@/lib/checks/catalogue';
import type { AddressOrigin } from '@/lib/dns/capture';
import type { AddressNode, NameserverNode, Side, ZoneNode } from '@/lib/report/view/tree';

export type Tone = 'ok' | 'pending' | 'muted' | Severity;

export interface StatusText {
  tone: Tone;
  text: string;
}

export function addressStatus(node: AddressNode): StatusText {
  const s = node.facts.state;
  switch (s.kind) {
    case 'pending':
      return { tone: 'pending', text: 'waiting for an answer' };
    case 'authoritative': {
      const serial = s.serial === null ? '' : ` · serial ${s.serial}`;
      if (node.facts.tcpBroken) return { tone: 'warning', text: `authoritative${serial} · TCP broken: ${node.facts.tcpBroken}` };
      return { tone: 'ok', text: `authoritative${serial}` };
    }
    case 'lame':
      return { tone: 'warning', text: `lame: ${s.reason}` };
    case 'unreachable':
      return { tone: 'warning', text: `unreachable: ${s.reason}` };
    case 'not-queried':
    case 'untested':
      return { tone: 'muted', text: s.reason };
  }
}

const RESOLUTION_WORDS: Record<string, string> = {
  nxdomain: 'the name does not exist',
  nodata: 'the name has no A or AAAA',
  cname: 'the name is an alias',
  failed: 'look-up failed',
  'not-attempted': 'not looked up',
  ok: 'look-up gave nothing usable',
};

export function nameserverStatus(node: NameserverNode): StatusText {
  if (node.children.length === 0) {
    if (node.resolving) return { tone: 'pending', text: 'looking up its address' };
    if (node.resolution === null) return { tone: 'pending', text: 'no address yet' };
    return { tone: 'error', text: `no address: ${RESOLUTION_WORDS[node.resolution] ?? node.resolution}` };
  }
  // Addresses this host could not test say nothing about the server either way: judged by the rest.
  const addresses = node.children.filter((a) => a.facts.state.kind !== 'untested');
  const first = node.children[0];
  if (addresses.length === 0 && first) return addressStatus(first);
  const untested = node.children.length - addresses.length;
  const aside = untested > 0 ? ` · ${untested} not tested from here` : '';
  const states = addresses.map(addressStatus);
  const pending = states.filter((s) => s.tone === 'pending').length;
  const ok = addresses.filter((a) => a.facts.state.kind === 'authoritative');
  const tcp = addresses.filter((a) => a.facts.tcpBroken).length;
  if (pending === addresses.length) return { tone: 'pending', text: addresses.length === 1 ? 'waiting for an answer' : 'waiting for answers' };
  if (ok.length === addresses.length) {
    return tcp > 0
      ? { tone: 'warning', text: `authoritative · TCP broken${tcp < addresses.length ? ` on ${tcp} of ${addresses.length}` : ''}${aside}` }
      : { tone: 'ok', text: `authoritative${aside}` };
  }
  // One problem shared by every address reads best as that problem.
  const bad = states.filter((s) => s.tone !== 'ok' && s.tone !== 'pending');
  const texts = new Set(bad.map((s) => s.text));
  if (bad.length === addresses.length && texts.size === 1) return bad[0] as StatusText;
  const kind = addresses.find((a) => a.facts.state.kind !== 'authoritative' && a.facts.state.kind !== 'pending')?.facts.state.kind;
  const word = kind === 'lame' ? 'lame' : kind === 'unreachable' ? 'not answering' : kind === 'not-queried' ? 'not queried' : 'with problems';
  const tone = bad.some((s) => s.tone === 'warning') ? 'warning' : bad.length > 0 ? 'muted' : 'pending';
  const suffix = pending > 0 ? ` · ${pending} waiting` : '';
  return { tone, text: `${bad.length} of ${addresses.length} addresses ${word}${suffix}` };
}

export const ORIGIN_WORDS: Record<AddressOrigin, string> = {
  glue: 'glue',
  child: 'child zone',
  resolver: 'resolver',
  walk: 'walk from the root',
  hints: 'root hints',
};

export const SIDE_WORDS: Record<Side, string> = { both: 'parent and child', parent: 'parent only', child: 'child only' };

/** The zone row's summary: its nameserver count, and how many answer. */
export function zoneStatus(node: ZoneNode): StatusText {
  const n = node.children.length;
  const states = node.children.map(nameserverStatus);
  const pending = states.filter((s) => s.tone === 'pending').length;
  const ok = states.filter((s) => s.tone === 'ok').length;
  const untested = node.children.filter((ns) => ns.children.length > 0 && ns.children.every((a) => a.facts.state.kind === 'untested')).length;
  const base = `${n} nameserver${n === 1 ? '' : 's'}`;
  if (n === 0) return { tone: 'pending', text: 'no nameservers yet' };
  if (pending > 0) return { tone: 'pending', text: `${base} · ${n - pending} of ${n} answered` };
  if (ok === n) return { tone: 'ok', text: `${base}, all authoritative` };
  if (ok > 0 && ok + untested === n) return { tone: 'ok', text: `${base}: ${ok} authoritative, ${untested} not tested from here` };
  return { tone: ok === 0 ? 'error' : 'warning', text: `${base}, ${ok} of ${n} answering as they should` };
}
