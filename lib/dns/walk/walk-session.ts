// The machinery of one walk: sending (budget, cache, ids, events), keeping track of everything in
// flight, and the address policy. The walk's logic (walk-delegation.ts) decides what to ask; this
// decides whether and how it goes out, and records it.
import 'server-only';
import type { BudgetLimit, Observation, ProbePurpose, WalkEvent } from '@/lib/dns/capture';
import type { QueryOptions, ServerAddress } from '@/lib/dns/transport/options';
import type { Question } from '@/lib/dns/wire/types';
import type { Transport } from '@/lib/dns/transport/types';
import { DEFAULT_WALK_LIMITS, createWalkBudget, type WalkBudgetTracker } from '@/lib/dns/walk/walk-budget';
import type { WalkCache } from '@/lib/dns/walk/walk-cache';
import type { WalkDeps } from '@/lib/dns/walk/walk-deps';
import { canonicalName, labelCount } from '@/lib/dns/wire/name';

export interface SendRequest {
  transport: Transport;
  server: ServerAddress;
  question: Question;
  options: QueryOptions;
  purpose: ProbePurpose;
  zone: string;
  /** May be answered from the cross-walk cache (and stored there). */
  cacheable: boolean;
}

export class WalkSession {
  readonly deps: WalkDeps;
  readonly now: () => Date;
  readonly startedAt: Date;
  readonly budget: WalkBudgetTracker;
  readonly cache: WalkCache | undefined;
  /** Zones probed as the target's: never answered from the cache. */
  readonly targetZones = new Set<string>();
  aborted = false;

  private readonly slots: (Observation | undefined)[] = [];
  private nextId = 1;
  /** Addresses (lowercase) that have answered anything in this walk. */
  private readonly heard = new Set<string>();
  private readonly inflight = new Set<Promise<void>>();
  // One signal for every query of the walk, aborted when the time is up or the caller gives up:
  // both also stop the walk, so no query is sent after it and it reaches exactly the queries then
  // in flight. A controller per query was ≈5% of a check's CPU (an AbortSignal is costly to make).
  // However many queries are in flight, it has one listener (lib/dns/transport/abort-watch.ts).
  private readonly inFlight = new AbortController();
  private readonly deadline: ReturnType<typeof setTimeout>;
  private readonly onCallerAbort = () => this.abort();

  constructor(deps: WalkDeps) {
    this.deps = deps;
    this.now = deps.now ?? (() => new Date());
    this.startedAt = this.now();
    this.cache = deps.cache;
    const given = Object.fromEntries(Object.entries(deps.limits ?? {}).filter(([, v]) => typeof v === 'number' && v >= 0));
    const limits = { ...DEFAULT_WALK_LIMITS, ...given };
    this.budget = createWalkBudget(
      limits,
      () => this.now().getTime() - this.startedAt.getTime(),
      (limit) => this.onBudgetExhausted(limit),
    );
    // The clock check before each send catches an injected clock; this catches real time passing
    // while everything waits on slow servers.
    this.deadline = setTimeout(() => this.budget.exhaust('time'), limits.timeMs);
    if (deps.signal?.aborted) this.abort();
    deps.signal?.addEventListener('abort', this.onCallerAbort, { once: true });
  }

  /** Nothing more may be sent: a limit was hit or the caller aborted. */
  get stopped(): boolean {
    return this.aborted || this.budget.exhausted !== null;
  }

  emit(event: WalkEvent, observation?: Observation): void {
    try {
      this.deps.onEvent?.(event, observation);
    } catch (err) {
      // A listener's failure must not end the walk; it is not the walk's fault either.
      this.fault(err);
    }
  }

  fault(error: unknown): void {
    try {
      this.deps.onFault?.(error);
    } catch {
      // Nothing left to tell.
    }
  }

  /** Keeps the walk open until `work` settles; its failure is a fault, never a rejection. */
  track(work: Promise<unknown>): void {
    const tracked: Promise<void> = work.then(
      () => {
        this.inflight.delete(tracked);
      },
      (err: unknown) => {
        this.inflight.delete(tracked);
        this.fault(err);
      },
    );
    this.inflight.add(tracked);
  }

  /** Resolves once nothing is in flight (work started meanwhile is waited for too). */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.all([...this.inflight]);
  }

  /**
   * The cross-walk cache is for the root's and TLDs' data only, never the target zone's. Nor for
   * any zone's SOA: serials are compared across a zone's servers (soa.serial-mismatch), and one
   * answer kept from an earlier check next to a fresh one is a drift that never was — or hides one.
   * Every SOA comes from this walk's own burst.
   */
  isCacheable(purpose: ProbePurpose, zone: string, descentTargets: ReadonlySet<string>): boolean {
    // 'referral-full-qname' asks the full name, target included, though `zone` names the candidate.
    if (!this.cache || purpose === 'target' || purpose === 'apex-soa' || purpose === 'referral-full-qname') return false;
    const z = canonicalName(zone);
    return labelCount(z) <= this.cache.maxZoneLabels && !this.targetZones.has(z) && !descentTargets.has(z);
  }

  /**
   * Sends one query (or reuses a cached reply) and records it. Null when nothing was sent because
   * the walk is stopped or the budget refuses.
   */
  async send(req: SendRequest): Promise<Observation | null> {
    if (this.stopped) return null;
    const key = req.cacheable && this.cache ? cacheKey(req) : null;
    if (key && this.cache) {
      const nowMs = this.now().getTime();
      // A cache in memory answers at once: no await then, so ids and order stay what they were.
      const pending = this.cache.get(key, nowMs);
      const hit = pending instanceof Promise ? await pending : pending;
      if (this.stopped) return null;
      if (hit) {
        const observation: Observation = {
          ...hit.observation,
          id: `q${this.nextId++}`,
          purpose: req.purpose,
          zone: req.zone,
          cached: { storedAt: new Date(hit.storedAt).toISOString(), ageSeconds: Math.max(0, Math.floor((nowMs - hit.storedAt) / 1000)) },
        };
        this.slots.push(observation);
        this.emitQuery(observation.id, req);
        this.emitAnswer(observation);
        return observation;
      }
    }
    if (!this.budget.spendQuery()) return null;

    const id = `q${this.nextId++}`;
    const slot = this.slots.length;
    this.slots.push(undefined);
    this.emitQuery(id, req);
    const options: QueryOptions = {
      ...req.options,
      ...(this.deps.timeoutMs !== undefined ? { timeoutMs: this.deps.timeoutMs } : {}),
      signal: this.inFlight.signal,
    };
    let result: Observation;
    try {
      result = await req.transport.query(req.server, req.question, options);
    } catch (err) {
      // The Transport contract says it never throws; if one does, keep the walk and the evidence.
      this.fault(err);
      result = failedObservation(req, err, this.now());
    }
    const observation: Observation = { ...result, id, purpose: req.purpose, zone: req.zone };
    this.slots[slot] = observation;
    if (observation.response) this.heard.add(req.server.address.toLowerCase());
    // Not awaited: a cache in Redis stores while the walk goes on (and a failure there is a miss later).
    if (key && this.cache) void Promise.resolve(this.cache.set(key, result, this.now().getTime())).catch(() => undefined);
    this.emitAnswer(observation);
    return observation;
  }

  /** Whether `address` has answered anything (any reply) in this walk. */
  hasAnswered(address: string): boolean {
    return this.heard.has(address.toLowerCase());
  }

  /** Observations in the order they were sent. */
  observations(): Observation[] {
    return this.slots.filter((o): o is Observation => o !== undefined);
  }

  /** Stops timers and listeners; call once the walk is over. */
  close(): void {
    clearTimeout(this.deadline);
    this.deps.signal?.removeEventListener('abort', this.onCallerAbort);
  }

  private abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.abortInFlight();
  }

  private onBudgetExhausted(limit: BudgetLimit): void {
    this.emit({ type: 'budget', limit });
    // Out of time: what is still waiting on a slow server is cut short too. The other limits
    // only stop new queries; answers already on their way are evidence worth keeping.
    if (limit === 'time') this.abortInFlight();
  }

  private abortInFlight(): void {
    this.inFlight.abort();
  }

  private emitQuery(id: string, req: SendRequest): void {
    this.emit({ type: 'query', id, zone: req.zone, purpose: req.purpose, server: req.server, question: req.question });
  }

  private emitAnswer(observation: Observation): void {
    this.emit(
      {
        type: 'answer',
        id: observation.id,
        zone: observation.zone ?? '',
        purpose: observation.purpose ?? 'referral',
        rttMs: observation.rttMs,
        ...(observation.response ? { rcode: observation.response.rcode, aa: observation.response.flags.aa } : {}),
        ...(observation.error ? { error: observation.error.kind } : {}),
      },
      observation,
    );
  }
}

/** Same server, same question, same wire options: the same reply may be reused. */
function cacheKey(req: SendRequest): string {
  const o = req.options;
  return [
    req.transport.kind,
    req.server.address,
    req.server.port,
    req.server.url ?? '',
    canonicalName(req.question.name),
    req.question.type.toUpperCase(),
    req.question.class ?? 'IN',
    `edns=${o.edns ?? true}`,
    `size=${o.udpSize ?? ''}`,
    `do=${o.dnssecOk ?? false}`,
    `rd=${o.recursionDesired ?? false}`,
    `cd=${o.checkingDisabled ?? false}`,
    `tcp=${o.tcp ?? false}`,
    `notcp=${o.noTcpFallback ?? false}`,
  ].join('|');
}

function failedObservation(req: SendRequest, err: unknown, now: Date): Observation {
  const o = req.options;
  return {
    id: '',
    server: req.server,
    question: req.question,
    options: {
      edns: o.edns ?? true,
      ...(o.udpSize !== undefined ? { udpSize: o.udpSize } : {}),
      dnssecOk: o.dnssecOk ?? false,
      recursionDesired: o.recursionDesired ?? false,
      checkingDisabled: o.checkingDisabled ?? false,
      tcp: o.tcp ?? false,
    },
    transport: req.transport.kind,
    attempts: [],
    startedAt: now.toISOString(),
    rttMs: 0,
    error: { kind: 'unreachable', message: `the transport failed: ${err instanceof Error ? err.message : String(err)}` },
  };
}
