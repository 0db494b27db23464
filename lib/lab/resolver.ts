// A small iterative resolver over the lab's servers (RFC 1034 5.3.3): from the lab root down the
// referrals to an authoritative answer, following CNAMEs. It backs the lab's DoH endpoint, so
// recursive look-ups (addresses of out-of-domain NS names) work with no network at all. No cache
// and no validation (AD is never set); bounded in queries, referrals and CNAME hops. It asks the
// servers through the lab transport, so it retries and falls back (TC → TCP, FORMERR → no EDNS)
// by the same rules as the walker, in simulated time that costs nothing.
import type { DecodedMessage, ResourceRecord, RRType } from '@/lib/dns/wire/types';
import type { Transport } from '@/lib/dns/transport';
import { canonicalName, isSubdomain, type MessageInput } from '@/lib/dns/wire';
import { LAB_SERVER_UDP_SIZE } from '@/lib/lab/authoritative';
import type { Lab } from '@/lib/lab/build-lab';
import { createLabTransport } from '@/lib/lab/lab-transport';
import { LAB_RESOLVER_ADDRESS } from '@/lib/lab/manifest';

export interface LabResolverOptions {
  /**
   * Queries to lab servers per resolution, NS-name look-ups included, retries and fallbacks
   * counted (default 100); once spent, the exchange under way finishes and no other starts.
   */
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

interface Resolution {
  lab: Lab;
  /** How the resolver asks the lab's servers, and where they see it ask from. */
  transport: Transport;
  budget: { queries: number };
}

/** The reply a recursive resolver gives to `query` (RA set, RD and CD echoed). Never rejects. */
export async function resolveInLab(lab: Lab, query: DecodedMessage, options: LabResolverOptions = {}): Promise<MessageInput> {
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

  const transport = createLabTransport(lab, { from: LAB_RESOLVER_ADDRESS, sleep: () => Promise.resolve() });
  const r: Resolution = { lab, transport, budget: { queries: options.maxQueries ?? 100 } };
  const outcome = await resolve(r, question.name, question.type.toUpperCase(), query.edns?.dnssecOk ?? false, 0);
  return reply({ rcode: outcome.rcode, answer: outcome.answer, authority: outcome.authority });
}

async function resolve(r: Resolution, qname: string, qtype: RRType, dnssecOk: boolean, depth: number): Promise<Outcome> {
  const answer: ResourceRecord[] = [];
  let name = canonicalName(qname);
  for (let hop = 0; hop <= MAX_CNAME_HOPS; hop++) {
    const step = await resolveAuthoritatively(r, name, qtype, dnssecOk, depth);
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
async function resolveAuthoritatively(r: Resolution, name: string, qtype: RRType, dnssecOk: boolean, depth: number): Promise<Outcome> {
  let zone = '.';
  let addresses = r.lab.rootHints.map((h) => h.address);
  for (let i = 0; i < MAX_REFERRALS; i++) {
    const response = await askAny(r, addresses, name, qtype, dnssecOk, zone);
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
          const found = await resolve(r, ns, type, false, depth + 1);
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
async function askAny(
  r: Resolution,
  addresses: readonly string[],
  name: string,
  qtype: RRType,
  dnssecOk: boolean,
  zone: string,
): Promise<DecodedMessage | undefined> {
  for (const address of addresses) {
    if (!r.lab.serverAt(address)) continue;
    if (r.budget.queries <= 0) return undefined;
    const o = await r.transport.query({ address, port: 53 }, { name, type: qtype }, { dnssecOk, udpSize: LAB_SERVER_UDP_SIZE });
    r.budget.queries -= o.attempts.length;
    const response = o.response;
    // Silent, undecodable, truncated with no TCP, lame (REFUSED, SERVFAIL, no AA and no
    // referral): the next server.
    if (!response || response.flags.tc || (response.rcode !== 'NOERROR' && response.rcode !== 'NXDOMAIN')) continue;
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
