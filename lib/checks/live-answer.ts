// The checks' verdict on one answer, sent with the live stream's `answer` line so the page can show
// a lame or unreachable server before the report arrives without judging rcodes and flags itself.
// The same rules as the report's address facts (judgeApexAnswer, failureWords, isEdnsRejection);
// zone-facts.ts combines them per address for the report, the live tree combines these.
import type { Observation, WalkEvent } from '@/lib/dns/capture';
import { judgeApexAnswer, type LameReason } from '@/lib/checks/apex-answer';
import { sameName } from '@/lib/checks/message-records';
import { failureWords, isEdnsRejection, isServerEvidence } from '@/lib/checks/observations';

export type LiveAnswerStatus =
  /** An apex answer (SOA/NS, or SOA without EDNS) from a server authoritative for the zone. */
  | { kind: 'authoritative' }
  | { kind: 'lame'; reason: LameReason; detail: string }
  /** The apex question got no response: ns.unreachable's words. */
  | { kind: 'unreachable'; detail: string }
  /** The SOA question over TCP failed or was not answered authoritatively: ns.tcp-broken's words. */
  | { kind: 'tcp-broken'; detail: string };

/** A walk event as the stream sends it: answers may carry the checks' verdict. */
export type CheckEvent = Exclude<WalkEvent, { type: 'answer' }> | (Extract<WalkEvent, { type: 'answer' }> & { status?: LiveAnswerStatus });

/**
 * The verdict on one observation, or null when it is not a question about the zone's own apex,
 * says nothing about the server (nothing was sent), or is EDNS trouble (ns.edns-broken, not lameness).
 */
export function liveAnswerStatus(o: Observation): LiveAnswerStatus | null {
  const apex = o.purpose === 'apex-soa' || o.purpose === 'apex-ns' || o.purpose === 'soa-no-edns';
  if ((!apex && o.purpose !== 'soa-tcp') || !o.zone || !sameName(o.question.name, o.zone) || !isServerEvidence(o)) return null;
  if (apex && isEdnsRejection(o)) return null;
  const verdict = o.response ? judgeApexAnswer(o.response, o.zone, o.question.type.toUpperCase()) : null;
  if (o.purpose === 'soa-tcp') {
    if (!verdict) return { kind: 'tcp-broken', detail: failureWords(o) };
    return verdict.authoritative ? null : { kind: 'tcp-broken', detail: `${verdict.detail} over TCP` };
  }
  if (!verdict) return { kind: 'unreachable', detail: failureWords(o) };
  return verdict.authoritative ? { kind: 'authoritative' } : { kind: 'lame', reason: verdict.reason, detail: verdict.detail };
}

/** The event with the verdict on its observation added (answers only; other events as they are). */
export function withAnswerStatus(event: WalkEvent, observation: Observation | undefined): CheckEvent {
  if (event.type !== 'answer' || !observation) return event;
  const status = liveAnswerStatus(observation);
  return status ? { ...event, status } : event;
}
