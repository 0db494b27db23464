import 'server-only';
import type { AttemptReason } from '@/lib/dns/capture';
import type { ExchangeResult } from './exchange-result';

export type Wire = 'udp' | 'tcp';

/** One attempt over `wire`, with or without OPT; the caller records it with its reason. */
export type SendAttempt = (wire: Wire, reason: AttemptReason, edns: boolean) => Promise<ExchangeResult>;

export interface AttemptPlan {
  /** Skip UDP and ask over TCP. */
  tcp: boolean;
  /** Send OPT on the first attempt. */
  edns: boolean;
  /** Keep a truncated or failed UDP answer instead of asking again over TCP. */
  noTcpFallback?: boolean;
  signal?: AbortSignal;
}

/**
 * The retry rules every authoritative transport follows (the network's UDP and TCP transports,
 * and the lab's), in one place so they cannot drift apart:
 * - UDP first, one retry on timeout or mismatch (RFC 1035 4.2.1);
 * - FORMERR without OPT to a query with OPT: the server predates EDNS, so ask once more without
 *   it (RFC 6891 7), and keep it off for the rest of this query;
 * - TCP when the answer is truncated or UDP failed (RFC 7766 5), unless told not to;
 * - a malformed reply is final: the bytes are the evidence, and TCP would not mend the server.
 * Resolves with the last attempt's wire and result, which is the Observation's outcome.
 */
export async function runAttemptSequence(plan: AttemptPlan, send: SendAttempt): Promise<{ wire: Wire; result: ExchangeResult }> {
  let edns = plan.edns;
  const aborted = () => plan.signal?.aborted === true;
  const ask = async (wire: Wire, reason: AttemptReason): Promise<ExchangeResult> => {
    const result = await send(wire, reason, edns);
    if (!edns || aborted() || !isPreEdnsFormerr(result)) return result;
    edns = false;
    return send(wire, 'no-edns-after-formerr', false);
  };

  if (plan.tcp) return { wire: 'tcp', result: await ask('tcp', 'initial') };

  let udp = await ask('udp', 'initial');
  if (!udp.ok && (udp.kind === 'timeout' || udp.kind === 'mismatched') && !aborted()) udp = await ask('udp', 'retry-after-timeout');

  if (plan.noTcpFallback || aborted()) return { wire: 'udp', result: udp };
  if (udp.ok) {
    if (!udp.message.flags.tc) return { wire: 'udp', result: udp };
    return { wire: 'tcp', result: await ask('tcp', 'tcp-after-truncation') };
  }
  if (udp.kind === 'malformed') return { wire: 'udp', result: udp };
  return { wire: 'tcp', result: await ask('tcp', 'tcp-after-udp-failure') };
}

/**
 * RFC 6891 7: a server without EDNS answers FORMERR and no OPT to a query with OPT; a server with
 * EDNS that finds the OPT itself broken answers FORMERR with an OPT, and asking again without it
 * would only hide that.
 */
export function isPreEdnsFormerr(result: ExchangeResult): boolean {
  return result.ok && result.message.rcode === 'FORMERR' && result.message.edns === undefined;
}
