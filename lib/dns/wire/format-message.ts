// A whole message as dig prints it, so people can compare our evidence with their own dig runs.
// Isomorphic: no Node APIs (the report pages format evidence in the browser).
import type { ServerAddress } from '@/lib/dns/transport/options';
import type { DecodedMessage, Edns } from '@/lib/dns/wire/types';
import { formatRecord } from '@/lib/dns/wire/format-record';

export interface FormatMessageMeta {
  server?: ServerAddress;
  /** `udp`, `tcp`, `doh`, `lab`, or a label of your own. */
  transport?: string;
  rttMs?: number;
  /** Shown as given, after `;; WHEN:`. */
  when?: string;
}

// RFC 8914 4: Extended DNS Error codes, for the OPT pseudosection.
const EDE_NAMES = [
  'Other',
  'Unsupported DNSKEY Algorithm',
  'Unsupported DS Digest Type',
  'Stale Answer',
  'Forged Answer',
  'DNSSEC Indeterminate',
  'DNSSEC Bogus',
  'Signature Expired',
  'Signature Not Yet Valid',
  'DNSKEY Missing',
  'RRSIGs Missing',
  'No Zone Key Bit Set',
  'NSEC Missing',
  'Cached Error',
  'Not Ready',
  'Blocked',
  'Censored',
  'Filtered',
  'Prohibited',
  'Stale NXDOMAIN Answer',
  'Not Authoritative',
  'Not Supported',
  'No Reachable Authority',
  'Network Error',
  'Invalid Data',
  'Signature Expired before Valid',
  'Too Early',
  'Unsupported NSEC3 Iterations Value',
  'Unable to conform to policy',
  'Synthesized',
  'Invalid Query Type',
];

function printable(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => (b >= 0x20 && b <= 0x7e ? String.fromCharCode(b) : '.')).join('');
}

/** Lowercase or uppercase hex → octets; a trailing odd digit is dropped (as Buffer.from does). */
function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(Math.floor(hex.length / 2));
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16) || 0;
  return out;
}

function formatOption(option: Edns['options'][number]): string {
  const bytes = hexBytes(option.data);
  switch (option.code) {
    case 3:
      return `; NSID: ${option.data} ("${printable(bytes)}")`;
    case 10:
      return `; COOKIE: ${option.data}`;
    case 12:
      return `; PAD: (${bytes.length} bytes)`;
    case 15: {
      if (bytes.length < 2) return `; EDE: ${option.data}`;
      const info = ((bytes[0] as number) << 8) | (bytes[1] as number);
      const name = EDE_NAMES[info];
      const text = bytes.length > 2 ? `: (${new TextDecoder().decode(bytes.subarray(2))})` : '';
      return `; EDE: ${info}${name ? ` (${name})` : ''}${text}`;
    }
    default:
      return `; OPT=${option.code}: ${option.data}${bytes.length > 0 ? ` ("${printable(bytes)}")` : ''}`;
  }
}

const TRANSPORT_LABELS: Record<string, string> = { udp: 'UDP', tcp: 'TCP', doh: 'HTTPS', lab: 'LAB' };

/** `192.0.2.1#53(ns1.example.)` as dig's SERVER line has it. */
export function formatServer(server: ServerAddress): string {
  return `${server.address}#${server.port}(${server.name ?? server.address})`;
}

export function formatMessage(msg: DecodedMessage, meta: FormatMessageMeta = {}): string {
  const lines: string[] = [];
  const f = msg.flags;
  const flags = (['qr', 'aa', 'tc', 'rd', 'ra', 'ad', 'cd'] as const).filter((k) => f[k]).join(' ');
  lines.push(`;; ->>HEADER<<- opcode: ${msg.opcode}, status: ${msg.rcode}, id: ${msg.id}`);
  // dig counts the OPT record in ADDITIONAL.
  lines.push(
    `;; flags:${flags ? ' ' + flags : ''}; QUERY: ${msg.question.length}, ANSWER: ${msg.answer.length}, ` +
      `AUTHORITY: ${msg.authority.length}, ADDITIONAL: ${msg.additional.length + (msg.edns ? 1 : 0)}`,
  );
  lines.push('');
  if (msg.edns) {
    const e = msg.edns;
    lines.push(';; OPT PSEUDOSECTION:');
    lines.push(`; EDNS: version: ${e.version}, flags:${e.dnssecOk ? ' do' : ''}; udp: ${e.udpSize}`);
    for (const option of e.options) lines.push(formatOption(option));
  }
  if (msg.question.length > 0) {
    lines.push(';; QUESTION SECTION:');
    for (const q of msg.question) lines.push(`;${q.name}\t\t${q.class ?? 'IN'}\t${q.type}`);
    lines.push('');
  }
  const sections = [
    ['ANSWER', msg.answer],
    ['AUTHORITY', msg.authority],
    ['ADDITIONAL', msg.additional],
  ] as const;
  for (const [title, records] of sections) {
    if (records.length === 0) continue;
    lines.push(`;; ${title} SECTION:`);
    for (const rr of records) lines.push(formatRecord(rr));
    lines.push('');
  }
  if (meta.rttMs !== undefined) lines.push(`;; Query time: ${Math.round(meta.rttMs)} msec`);
  if (meta.server) {
    const transport = meta.transport ? ` (${TRANSPORT_LABELS[meta.transport] ?? meta.transport.toUpperCase()})` : '';
    lines.push(`;; SERVER: ${formatServer(meta.server)}${transport}`);
  }
  if (meta.when !== undefined) lines.push(`;; WHEN: ${meta.when}`);
  lines.push(`;; MSG SIZE  rcvd: ${msg.size}`);
  return lines.join('\n') + '\n';
}
