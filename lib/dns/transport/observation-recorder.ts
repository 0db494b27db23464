import 'server-only';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Attempt, AttemptReason, Observation, ObservationError } from '@/lib/dns/capture';
import type { ServerAddress, TransportKind } from '@/lib/dns/transport/options';
import type { Question } from '@/lib/dns/wire/types';
import { describeIgnored, type ExchangeResult } from './exchange-result';

export interface ObservationRecorder {
  readonly attempts: readonly Attempt[];
  /** Records an attempt from its exchange result; returns the attempt as recorded. */
  record(result: ExchangeResult, transport: TransportKind, reason: AttemptReason, edns: boolean): Attempt;
  /** The Observation, ending with `result` (the last attempt's) or with an error and no attempt. */
  finish(transport: TransportKind, end: ExchangeResult | ObservationError): Observation;
}

export interface ObservationClock {
  /** The wall clock for `startedAt` (default `new Date()`). */
  now?: () => Date;
  /**
   * The attempts' times are simulated (the lab): the Observation took their sum, not the time
   * measured around them.
   */
  simulated?: boolean;
}

export function startObservation(
  server: ServerAddress,
  question: Question,
  options: Observation['options'],
  clock: ObservationClock = {},
): ObservationRecorder {
  return new Recorder(server, question, options, clock);
}

/** A class, not closures: a burst starts hundreds of these at once. */
class Recorder implements ObservationRecorder {
  readonly attempts: Attempt[] = [];
  private readonly startedAt: string;
  private readonly t0 = performance.now();
  private simulatedMs = 0;

  constructor(
    private readonly server: ServerAddress,
    private readonly question: Question,
    private readonly options: Observation['options'],
    private readonly clock: ObservationClock,
  ) {
    this.startedAt = (clock.now?.() ?? new Date()).toISOString();
  }

  record(result: ExchangeResult, transport: TransportKind, reason: AttemptReason, edns: boolean): Attempt {
    this.simulatedMs += result.rttMs;
    const notes = explain(result);
    const attempt: Attempt = {
      transport,
      reason,
      edns,
      rttMs: round(result.rttMs),
      outcome: result.ok ? (result.message.flags.tc ? 'truncated' : 'response') : result.kind,
      ...(notes ? { message: notes } : {}),
    };
    this.attempts.push(attempt);
    return attempt;
  }

  finish(transport: TransportKind, end: ExchangeResult | ObservationError): Observation {
    const base = {
      id: randomUUID(),
      server: this.server,
      question: this.question,
      options: this.options,
      transport,
      attempts: this.attempts,
      startedAt: this.startedAt,
      rttMs: this.clock.simulated ? this.simulatedMs : round(performance.now() - this.t0),
    };
    if (!('rttMs' in end)) return { ...base, error: end };
    if (end.ok) return { ...base, response: end.message, responseBase64: end.bytes.toString('base64') };
    return {
      ...base,
      ...(end.bytes ? { responseBase64: end.bytes.toString('base64') } : {}),
      error: { kind: end.kind, message: explain(end) ?? end.kind },
    };
  }
}

function explain(result: ExchangeResult): string | undefined {
  const notes = [result.ok ? result.note : result.message, describeIgnored(result.ignored)].filter(Boolean);
  return notes.length ? notes.join('; ') : undefined;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
