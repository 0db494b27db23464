// A small iterative resolver over the lab's servers (RFC 1034 5.3.3): from the lab root down the
// referrals to an authoritative answer, following CNAMEs. It backs the lab's DoH endpoint, so
// recursive look-ups (addresses of out-of-domain NS names) work with no network at all. No cache
// and no validation (AD is never set); bounded in queries, referrals and CNAME hops.
import type { DecodedMessage, ResourceRecord, RRType } from '@/lib/dns/capture';
import { canonicalName, decodeMessage, encodeQuery, isSubdomain, type MessageInput } from '@/lib/dns/wire';
import { acceptsTcp, LAB_SERVER_UDP_SIZE, serveQuery } from '@/lib/lab/authoritative';
import type { Lab } from '@/lib/lab/build-lab';
import { LAB_RESOLVER_ADDRESS } from '@/lib/lab/manifest';

export interface LabResolverOptions {
  /** Queries to lab servers per resolution, NS-name look-ups included (default 100). */
  maxQueries?: number;
}

const MAX_REFERRALS = 16;
const MAX_CNAME_HOPS = 8;
// NS names resolved to reach a zone whose referral had no glue; each may need its own.
const MAX_NS_DEPTH = 3;

interface Outcome {
  rcode: 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL';
  answer: ResourceRecord[];
  authority: ResourceRecord[];
}

const SERVFAIL: Outcome = { rcode: 'SERVFAIL', answer: [], authority: [] };

/** The reply a recursive resolver gives to `query` (RA set, RD and CD echoed). Never throws. */
export function resolveInLab(lab: Lab, query: DecodedMessage, options: LabResolverOptions = {}): MessageInput {
  const question = query.question[0];
  const reply = (fields: Partial<MessageInput>): MessageInput => ({
    id: query.id,
    opcode: query.opcode,
    question: query.question,
    ...fields,
    flags: { qr: true, ra: true, rd: query.flags.rd, cd: query.flags.cd },
    ...(query.edns ? { edns: { udpSize: LAB_SERVER_UDP_SIZE, version: 0, dnssecOk: query.edns.dnssecOk, options: [] } } : {}),
  });
  if (query.flags.qr) return reply({ rcode: 'FORMERR' });
  if (query.opcode !== 'QUERY') return reply({ rcode: 'NOTIMP' });
  if (query.question.length !== 1 || !question) return reply({ rcode: 'FORMERR' });
  if ((question.class ?? 'IN').toUpperCase() !== 'IN') return reply({ rcode: 'REFUSED' });

  const budget = { queries: options.maxQueries ?? 100 };
  const outcome = resolve(lab, question.name, question.type.toUpperCase(), query.edns?.dnssecOk ?? false, budget, 0);
  return reply({ rcode: outcome.rcode, answer: outcome.answer, authority: outcome.authority });
}

function resolve(lab: Lab, qname: string, qtype: RRType, dnssecOk: boolean, budget: { queries: number }, depth: number): Outcome {
  const answer: ResourceRecord[] = [];
  let name = canonicalName(qname);
  for (let hop = 0; hop <= MAX_CNAME_HOPS; hop++) {
    const step = resolveAuthoritatively(lab, name, qtype, dnssecOk, budget, depth);
    if (step.rcode === 'SERVFAIL') return SERVFAIL;
    answer.push(...step.answer);
    if (step.rcode === 'NXDOMAIN') return { rcode: 'NXDOMAIN', answer, authority: step.authority };
    // Follow the chain as far as this answer takes it; ask again where it stops short.
    let end = name;
    for (let i = 0; i <= MAX_CNAME_HOPS; i++) {
      const alias = step.answer.find((rr) => rr.type === 'CNAME' && canonicalName(rr.name) === end);
      if (!alias || qtype === 'CNAME') break;
      end = canonicalName(alias.data as string);
    }
    const done = end === name || qtype === 'CNAME' || step.answer.some((rr) => canonicalName(rr.name) === end && rr.type === qtype);
    if (done) return { rcode: 'NOERROR', answer, authority: step.answer.length > 0 ? [] : step.authority };
    name = end;
  }
  return SERVFAIL;
}

/** From the root to the server authoritative for `name`, and its answer. */
function resolveAuthoritatively(lab: Lab, name: string, qtype: RRType, dnssecOk: boolean, budget: { queries: number }, depth: number): Outcome {
  let zone = '.';
  let addresses = lab.rootHints.map((h) => h.address);
  for (let i = 0; i < MAX_REFERRALS; i++) {
    const response = askAny(lab, addresses, name, qtype, dnssecOk, zone, budget);
    if (!response) return SERVFAIL;
    const cut = referralCut(response, zone, name);
    if (cut === undefined) {
      return { rcode: response.rcode === 'NXDOMAIN' ? 'NXDOMAIN' : 'NOERROR', answer: response.answer, authority: response.authority };
    }
    const nsNames = response.authority.filter((rr) => rr.type === 'NS').map((rr) => canonicalName(rr.data as string));
    const glue = response.additional.filter((rr) => (rr.type === 'A' || rr.type === 'AAAA') && nsNames.includes(canonicalName(rr.name)));
    let next = glue.map((rr) => rr.data as string);
    if (next.length === 0 && depth < MAX_NS_DEPTH) {
      // No glue: look the NS names up from the root, except in-domain ones, which would loop.
      for (const ns of nsNames.filter((n) => !isSubdomain(n, cut))) {
        for (const type of ['A', 'AAAA']) {
          const found = resolve(lab, ns, type, false, budget, depth + 1);
          next.push(...found.answer.filter((rr) => rr.type === type).map((rr) => rr.data as string));
        }
      }
    }
    next = [...new Set(next)];
    if (next.length === 0) return SERVFAIL;
    zone = cut;
    addresses = next;
  }
  return SERVFAIL;
}

/** The first usable response from these addresses: authoritative, or a referral below `zone`. */
function askAny(lab: Lab, addresses: readonly string[], name: string, qtype: RRType, dnssecOk: boolean, zone: string, budget: { queries: number }): DecodedMessage | undefined {
  for (const address of addresses) {
    const server = lab.serverAt(address);
    if (!server) continue;
    const ask = (wire: 'udp' | 'tcp', edns: boolean): DecodedMessage | undefined => {
      const packet = encodeQuery({ name, type: qtype }, { id: 0, edns, dnssecOk: edns && dnssecOk, udpSize: LAB_SERVER_UDP_SIZE });
      const bytes = serveQuery(server, packet, wire, LAB_RESOLVER_ADDRESS);
      const decoded = bytes ? decodeMessage(bytes) : undefined;
      return decoded?.ok ? decoded.message : undefined;
    };
    let response: DecodedMessage | undefined;
    let edns = true;
    for (const wire of ['udp', 'tcp'] as const) {
      if (budget.queries-- <= 0) return undefined;
      if (wire === 'tcp' && !acceptsTcp(server)) break;
      response = ask(wire, edns);
      // A server that predates EDNS (RFC 6891 7): the same question again without it.
      if (response && edns && response.rcode === 'FORMERR' && !response.edns) {
        edns = false;
        if (budget.queries-- <= 0) return undefined;
        response = ask(wire, false);
      }
      if (!response) break; // silent or undecodable: the next server
      if (!response.flags.tc) break;
      response = undefined; // truncated: again over TCP
    }
    if (!response) continue;
    // Lame answers (REFUSED, SERVFAIL, no AA and no referral) send us to the next server.
    if (response.rcode !== 'NOERROR' && response.rcode !== 'NXDOMAIN') continue;
    if (response.flags.aa || referralCut(response, zone, name) !== undefined) return response;
  }
  return undefined;
}

/** The zone a referral points to: NS in authority, below `zone`, at or above `name`; else undefined. */
function referralCut(response: DecodedMessage, zone: string, name: string): string | undefined {
  if (response.flags.aa || response.answer.length > 0) return undefined;
  const ns = response.authority.find((rr) => rr.type === 'NS');
  if (!ns) return undefined;
  const cut = canonicalName(ns.name);
  return cut !== zone && isSubdomain(cut, zone) && isSubdomain(name, cut) ? cut : undefined;
}
