// The live check as the page sees it: the NDJSON lines of /api/check/stream folded into one state
// (walk events as they happen, then the report or an error), and the progress figures drawn from
// it. Pure and isomorphic: the page's query reduces lines with it, tests feed it recorded events.
import type { BudgetLimit, ObservationErrorKind, ProbePurpose, WalkOutcome } from '@/lib/dns/capture';
import type { CheckEvent, LiveAnswerStatus } from '@/lib/checks/live-answer';
import type { ServerAddress } from '@/lib/dns/transport/options';
import type { Question } from '@/lib/dns/wire/types';
import type { FindingTexts } from '@/lib/checks/catalogue';
import type { Report } from '@/lib/report/report';
import type { SummaryView } from '@/lib/report/view/summary';

/**
 * One line of /api/check/stream: a walk event (answers with the checks' verdict), then the report, or an error instead. lib/api's
 * CheckStreamLine is this type with its own error codes (lib/report sits below lib/api).
 */
export type StreamLine<E extends { code: string; message: string } = { code: string; message: string }> =
  CheckEvent | { type: 'report'; report: Report; texts: FindingTexts; summary: SummaryView; id?: string; url?: string } | { type: 'error'; error: E };

export interface LiveCut {
  zone: string;
  parent: string | null;
  nameservers: string[];
}

export interface LiveQuery {
  id: string;
  zone: string;
  purpose: ProbePurpose;
  server: ServerAddress;
  question: Question;
  /** `status`: the checks' verdict on the answer (lib/checks/live-answer.ts), for apex questions. */
  answer?: { rttMs: number; error?: ObservationErrorKind; status?: LiveAnswerStatus };
}

export interface LiveState {
  target: string | null;
  startedAt: string | null;
  cuts: LiveCut[];
  /** By id, in the order sent (object keys keep insertion order for non-numeric ids). */
  queries: Record<string, LiveQuery>;
  budget: BudgetLimit | null;
  done: { outcome: WalkOutcome; queries: number; durationMs: number } | null;
  report: Report | null;
  /** The catalogue's words for the report's findings (the server sends them with it). */
  texts: FindingTexts;
  /** What the top of the report says, decided on the server (summaryView), sent with it. */
  summary: SummaryView | null;
  /** The stored report's id, when the server stored it (its permalink is /r/<id>). */
  reportId: string | null;
  error: { code: string; message: string } | null;
}

export const INITIAL_LIVE_STATE: LiveState = {
  target: null,
  startedAt: null,
  cuts: [],
  queries: {},
  budget: null,
  done: null,
  report: null,
  texts: {},
  summary: null,
  reportId: null,
  error: null,
};

/** Fold one line into the state (new objects only where something changed). */
export function reduceLiveLine(state: LiveState, line: StreamLine): LiveState {
  switch (line.type) {
    case 'start':
      return { ...state, target: line.target, startedAt: line.at };
    case 'cut':
      if (state.cuts.some((c) => c.zone === line.zone)) return state;
      return { ...state, cuts: [...state.cuts, { zone: line.zone, parent: line.parent, nameservers: line.nameservers }] };
    case 'query':
      return {
        ...state,
        queries: { ...state.queries, [line.id]: { id: line.id, zone: line.zone, purpose: line.purpose, server: line.server, question: line.question } },
      };
    case 'answer': {
      const q = state.queries[line.id];
      if (!q) return state;
      const answer = { rttMs: line.rttMs, error: line.error, status: line.status };
      return { ...state, queries: { ...state.queries, [line.id]: { ...q, answer } } };
    }
    case 'budget':
      return { ...state, budget: line.limit };
    case 'done':
      return { ...state, done: { outcome: line.outcome, queries: line.queries, durationMs: line.durationMs } };
    case 'report':
      return { ...state, report: line.report, texts: line.texts ?? {}, summary: line.summary ?? null, reportId: line.id ?? null };
    case 'error':
      return { ...state, error: line.error };
    default:
      return state;
  }
}

/** Lines arrive in batches (one per network chunk): fold them all, render once. */
export function reduceLiveLines(state: LiveState, lines: readonly StreamLine[]): LiveState {
  return lines.reduce(reduceLiveLine, state);
}

export interface LiveProgress {
  /** Zone cuts found so far, and those whose own servers have all answered or failed. */
  levelsFound: number;
  levelsDone: number;
  queriesSent: number;
  queriesFinished: number;
  /** Distinct server addresses asked, and those that answered at least once. */
  serversAsked: number;
  serversAnswered: number;
  /** Queries still waiting for an answer. */
  pending: number;
  finished: boolean;
}

const PARENT_SIDE: ReadonlySet<ProbePurpose> = new Set<ProbePurpose>(['referral', 'referral-no-edns', 'referral-full-qname', 'ds']);

export function liveProgress(state: LiveState): LiveProgress {
  const queries = Object.values(state.queries);
  const asked = new Set<string>();
  const answered = new Set<string>();
  const open = new Map<string, number>();
  const seen = new Set<string>();
  for (const q of queries) {
    asked.add(q.server.address);
    if (q.answer && !q.answer.error) answered.add(q.server.address);
    // A referral for a zone is its parent's level; lookups through the resolver belong to the cut.
    const level = PARENT_SIDE.has(q.purpose) ? (state.cuts.find((c) => c.zone === q.zone)?.parent ?? q.zone) : q.zone;
    seen.add(level);
    if (!q.answer) open.set(level, (open.get(level) ?? 0) + 1);
  }
  const finished = state.report !== null || state.error !== null || state.done !== null;
  const levelsDone = state.cuts.filter((c) => finished || (seen.has(c.zone) && !open.has(c.zone))).length;
  const finishedQueries = queries.filter((q) => q.answer).length;
  return {
    levelsFound: state.cuts.length,
    levelsDone,
    queriesSent: queries.length,
    queriesFinished: finishedQueries,
    serversAsked: asked.size,
    serversAnswered: answered.size,
    pending: queries.length - finishedQueries,
    finished,
  };
}
