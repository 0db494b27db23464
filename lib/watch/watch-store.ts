// Watches, their events and the webhook delivery log, over the SqlDb the reports live in (SQLite or
// PostgreSQL: the same statements). No accounts: whoever holds a watch's management token may
// change or stop it; the store keeps only the token's SHA-256, so a leaked database does not hand
// out the watches. The public id names the watch's feed.
import { createHash, randomBytes } from 'node:crypto';
import { isReportId, newReportId } from '@/lib/store/report-id';
import { storeDomainKey } from '@/lib/store/report-store';
import type { SqlDb, SqlRow } from '@/lib/store/sql-db';
import type { ReportStatus } from '@/lib/report/report';
import type { WatchChange } from '@/lib/watch/watch-change';

/** Minutes between runs: at least 5 (the floor), at most a week. */
export const MIN_INTERVAL_MINUTES = 5;
export const MAX_INTERVAL_MINUTES = 10_080;
/** Events and deliveries a page or feed lists. */
export const MAX_LISTED = 50;

export interface Watch {
  /** Public: the watch's feed and its events carry it. */
  id: string;
  domain: string;
  intervalMinutes: number;
  webhookUrl: string | null;
  /** The origin (scheme://host) the watch was made on: links in webhooks and feeds point there. */
  origin: string;
  createdAt: string;
  /** null once stopped. */
  nextRunAt: string | null;
  stoppedAt: string | null;
  runs: number;
  lastRunAt: string | null;
  lastReportId: string | null;
  lastStatus: ReportStatus | null;
  /** Why the last run made no report (the check could not run), else null. */
  lastError: string | null;
}

export interface WatchEvent {
  id: string;
  watchId: string;
  domain: string;
  createdAt: string;
  reportId: string;
  previousReportId: string;
  status: ReportStatus;
  changes: WatchChange[];
  delivery: 'none' | 'pending' | 'delivered' | 'failed';
}

export interface DeliveryAttempt {
  eventId: string;
  attempt: number;
  attemptedAt: string;
  ok: boolean;
  httpStatus: number | null;
  error: string | null;
}

export interface NewWatch {
  domain: string;
  intervalMinutes: number;
  webhookUrl: string | null;
  origin: string;
}

export interface CreatedWatch {
  watch: Watch;
  /** The management token: shown once, never stored. */
  token: string;
  /** The webhook secret: shown once (null without a webhook). */
  secret: string | null;
}

export interface RunRecord {
  reportId: string;
  status: ReportStatus;
  snapshot: string;
  /** The changes from the previous run; empty for none (and for the first run, the baseline). */
  changes: WatchChange[];
}

export interface WatchStoreOptions {
  now?: () => Date;
  newId?: () => string;
  newToken?: () => string;
  newSecret?: () => string;
}

const WATCH_COLUMNS =
  'id, domain, interval_minutes, webhook_url, origin, created_at, next_run_at, stopped_at, runs, last_run_at, last_report_id, last_status, last_error';

export const tokenHash = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
export const isWatchToken = (value: string): boolean => TOKEN_PATTERN.test(value);

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function toWatch(row: SqlRow): Watch {
  return {
    id: String(row.id),
    domain: String(row.domain),
    intervalMinutes: Number(row.interval_minutes),
    webhookUrl: str(row.webhook_url),
    origin: String(row.origin),
    createdAt: String(row.created_at),
    nextRunAt: str(row.next_run_at),
    stoppedAt: str(row.stopped_at),
    runs: Number(row.runs),
    lastRunAt: str(row.last_run_at),
    lastReportId: str(row.last_report_id),
    lastStatus: str(row.last_status) as ReportStatus | null,
    lastError: str(row.last_error),
  };
}

function toEvent(row: SqlRow): WatchEvent {
  let changes: WatchChange[] = [];
  try {
    changes = JSON.parse(String(row.changes)) as WatchChange[];
  } catch {
    // A row we wrote ourselves; unreadable only if edited by hand. Shown without its changes.
  }
  return {
    id: String(row.id),
    watchId: String(row.watch_id),
    domain: String(row.domain),
    createdAt: String(row.created_at),
    reportId: String(row.report_id),
    previousReportId: String(row.previous_report_id),
    status: String(row.status) as ReportStatus,
    changes,
    delivery: String(row.delivery) as WatchEvent['delivery'],
  };
}

export function isValidInterval(minutes: number): boolean {
  return Number.isInteger(minutes) && minutes >= MIN_INTERVAL_MINUTES && minutes <= MAX_INTERVAL_MINUTES;
}

export function createWatchStore(db: SqlDb, options: WatchStoreOptions = {}) {
  const now = options.now ?? (() => new Date());
  const newId = options.newId ?? newReportId;
  const newToken = options.newToken ?? (() => randomBytes(32).toString('base64url'));
  const later = (from: Date, minutes: number) => new Date(from.getTime() + minutes * 60_000).toISOString();

  async function getWatch(id: string): Promise<Watch | null> {
    if (!isReportId(id)) return null;
    const [row] = await db.query(`SELECT ${WATCH_COLUMNS} FROM watches WHERE id = ?`, [id]);
    return row ? toWatch(row) : null;
  }

  return {
    /** Stores a new watch, next due one interval on: its creator queues the first run (the baseline) itself. */
    async createWatch(input: NewWatch, secret: string | null): Promise<CreatedWatch> {
      if (!isValidInterval(input.intervalMinutes))
        throw new RangeError(`interval ${input.intervalMinutes} is outside ${MIN_INTERVAL_MINUTES}–${MAX_INTERVAL_MINUTES}`);
      const token = newToken();
      const at = now();
      const id = newId();
      await db.batch([
        {
          sql: `INSERT INTO watches (id, token_sha256, domain, interval_minutes, webhook_url, webhook_secret, origin, created_at, next_run_at, runs)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
          args: [
            id,
            tokenHash(token),
            storeDomainKey(input.domain),
            input.intervalMinutes,
            input.webhookUrl,
            input.webhookUrl ? secret : null,
            input.origin,
            at.toISOString(),
            later(at, input.intervalMinutes),
          ],
        },
      ]);
      const watch = (await getWatch(id))!;
      return { watch, token, secret: input.webhookUrl ? secret : null };
    },

    getWatch,

    async getWatchByToken(token: string): Promise<Watch | null> {
      if (!isWatchToken(token)) return null;
      const [row] = await db.query(`SELECT ${WATCH_COLUMNS} FROM watches WHERE token_sha256 = ?`, [tokenHash(token)]);
      return row ? toWatch(row) : null;
    },

    /** The secret that signs this watch's webhooks (server side only). */
    async webhookSecret(id: string): Promise<string | null> {
      const [row] = await db.query('SELECT webhook_secret FROM watches WHERE id = ?', [id]);
      return str(row?.webhook_secret);
    },

    async countActive(): Promise<number> {
      const [row] = await db.query('SELECT COUNT(*) AS n FROM watches WHERE stopped_at IS NULL');
      return Number(row?.n ?? 0);
    },

    /** Changes the schedule (the next run moves to last run + the new interval) and/or the webhook. */
    async updateWatch(id: string, change: { intervalMinutes?: number; webhookUrl?: string | null }, secret: string | null): Promise<Watch | null> {
      const statements = [];
      if (change.intervalMinutes !== undefined) {
        if (!isValidInterval(change.intervalMinutes))
          throw new RangeError(`interval ${change.intervalMinutes} is outside ${MIN_INTERVAL_MINUTES}–${MAX_INTERVAL_MINUTES}`);
        const watch = await getWatch(id);
        if (!watch) return null;
        const from = watch.lastRunAt ? new Date(watch.lastRunAt) : now();
        statements.push({
          sql: 'UPDATE watches SET interval_minutes = ?, next_run_at = CASE WHEN stopped_at IS NULL THEN ? ELSE NULL END WHERE id = ?',
          args: [change.intervalMinutes, later(from, change.intervalMinutes), id],
        });
      }
      if (change.webhookUrl !== undefined) {
        // A new URL keeps the secret the receiver already holds; one made now (none before) is `secret`.
        if (change.webhookUrl === null) {
          statements.push(
            { sql: 'UPDATE watches SET webhook_url = NULL, webhook_secret = NULL WHERE id = ?', args: [id] },
            // Nowhere to deliver now: the events still waiting are not sent later to a URL set again.
            { sql: "UPDATE watch_events SET delivery = 'none' WHERE watch_id = ? AND delivery = 'pending'", args: [id] },
          );
        } else {
          statements.push({
            sql: 'UPDATE watches SET webhook_url = ?, webhook_secret = COALESCE(webhook_secret, ?) WHERE id = ?',
            args: [change.webhookUrl, secret, id],
          });
        }
      }
      if (statements.length > 0) await db.batch(statements);
      return getWatch(id);
    },

    /** Stops the watch: no more runs; its events and feed stay. */
    async stopWatch(id: string): Promise<void> {
      await db.batch([{ sql: 'UPDATE watches SET stopped_at = ?, next_run_at = NULL WHERE id = ? AND stopped_at IS NULL', args: [now().toISOString(), id] }]);
    },

    /**
     * Claims the watches due at `at`: each one's next run moves one interval on, by compare-and-set
     * on its old time, so when several processes claim at once each watch goes to exactly one.
     */
    async claimDueWatches(at: Date, limit = 100): Promise<Watch[]> {
      const rows = await db.query(`SELECT ${WATCH_COLUMNS} FROM watches WHERE next_run_at IS NOT NULL AND next_run_at <= ? ORDER BY next_run_at LIMIT ?`, [
        at.toISOString(),
        limit,
      ]);
      const due = rows.map(toWatch);
      if (due.length === 0) return [];
      const counts = await db.batch(
        due.map((w) => ({
          sql: 'UPDATE watches SET next_run_at = ? WHERE id = ? AND next_run_at = ?',
          args: [later(at, w.intervalMinutes), w.id, w.nextRunAt],
        })),
      );
      return due.filter((_, i) => counts[i] === 1);
    },

    /** The snapshot the next run compares with (the last run's), or null before the first run. */
    async lastSnapshot(id: string): Promise<{ reportId: string; snapshot: string } | null> {
      const [row] = await db.query('SELECT last_report_id, last_snapshot FROM watches WHERE id = ?', [id]);
      return row?.last_report_id && row.last_snapshot ? { reportId: String(row.last_report_id), snapshot: String(row.last_snapshot) } : null;
    },

    /**
     * Records a run as the watch's last, and its event when something changed, in one transaction.
     * The run counts only if the last run is still `previousReportId` (null: none): of two runs that
     * raced, the second is not compared with a state it did not see. Resolves to the new event, if any.
     */
    async recordRun(watchId: string, previousReportId: string | null, run: RunRecord): Promise<WatchEvent | null> {
      const at = now().toISOString();
      const eventId = newId();
      const hasEvent = previousReportId !== null && run.changes.length > 0;
      const [updated] = await db.batch([
        {
          sql: `UPDATE watches SET last_report_id = ?, last_snapshot = ?, last_status = ?, last_run_at = ?, last_error = NULL, runs = runs + 1
                WHERE id = ? AND COALESCE(last_report_id, '') = ?`,
          args: [run.reportId, run.snapshot, run.status, at, watchId, previousReportId ?? ''],
        },
        ...(hasEvent
          ? [
              {
                sql: `INSERT INTO watch_events (id, watch_id, domain, created_at, report_id, previous_report_id, status, changes, delivery)
                      SELECT ?, id, domain, ?, ?, ?, ?, ?, CASE WHEN webhook_url IS NULL THEN 'none' ELSE 'pending' END
                      FROM watches WHERE id = ? AND last_report_id = ?`,
                args: [eventId, at, run.reportId, previousReportId, run.status, JSON.stringify(run.changes), watchId, run.reportId],
              },
            ]
          : []),
      ]);
      if (updated !== 1 || !hasEvent) return null;
      return this.getEvent(eventId);
    },

    /** A run that made no report (the check could not run): said on the page, compared with nothing. */
    async recordRunError(watchId: string, message: string): Promise<void> {
      await db.batch([{ sql: 'UPDATE watches SET last_error = ?, last_run_at = ? WHERE id = ?', args: [message.slice(0, 500), now().toISOString(), watchId] }]);
    },

    async getEvent(id: string): Promise<WatchEvent | null> {
      if (!isReportId(id)) return null;
      const [row] = await db.query('SELECT * FROM watch_events WHERE id = ?', [id]);
      return row ? toEvent(row) : null;
    },

    /** Newest first. */
    async listEvents(watchId: string, limit = MAX_LISTED): Promise<WatchEvent[]> {
      const rows = await db.query('SELECT * FROM watch_events WHERE watch_id = ? ORDER BY created_at DESC, id DESC LIMIT ?', [
        watchId,
        Math.min(limit, MAX_LISTED),
      ]);
      return rows.map(toEvent);
    },

    /** Every watch's events of one domain, newest first (the domain's feed). */
    async listDomainEvents(domain: string, limit = MAX_LISTED): Promise<WatchEvent[]> {
      const rows = await db.query('SELECT * FROM watch_events WHERE domain = ? ORDER BY created_at DESC, id DESC LIMIT ?', [
        storeDomainKey(domain),
        Math.min(limit, MAX_LISTED),
      ]);
      return rows.map(toEvent);
    },

    /** The number of the event's next webhook attempt: one past those logged. */
    async nextAttempt(eventId: string): Promise<number> {
      const [row] = await db.query('SELECT MAX(attempt) AS n FROM webhook_deliveries WHERE event_id = ?', [eventId]);
      return Number(row?.n ?? 0) + 1;
    },

    /** Marks an event that has nowhere to go (its watch's webhook was removed) as not to be delivered. */
    async undeliverable(eventId: string): Promise<void> {
      await db.batch([{ sql: "UPDATE watch_events SET delivery = 'none' WHERE id = ? AND delivery = 'pending'", args: [eventId] }]);
    },

    /** Logs one webhook attempt (a retried job logging its attempt again changes nothing) and the event's delivery state. */
    async recordAttempt(event: Pick<WatchEvent, 'id' | 'watchId'>, attempt: Omit<DeliveryAttempt, 'eventId' | 'attemptedAt'>, final: boolean): Promise<void> {
      const state = attempt.ok ? 'delivered' : final ? 'failed' : 'pending';
      await db.batch([
        {
          sql: `INSERT INTO webhook_deliveries (event_id, attempt, watch_id, attempted_at, ok, http_status, error) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (event_id, attempt) DO NOTHING`,
          args: [event.id, attempt.attempt, event.watchId, now().toISOString(), attempt.ok ? 1 : 0, attempt.httpStatus, attempt.error?.slice(0, 300) ?? null],
        },
        { sql: 'UPDATE watch_events SET delivery = ? WHERE id = ?', args: [state, event.id] },
      ]);
    },

    /**
     * Events still waiting for delivery that were recorded before `createdBefore`: the scheduler
     * queues their delivery again, in case the process that recorded one died before queuing it
     * (the delivery job's singletonKey makes this a no-op while a job for the event exists).
     */
    async undeliveredEvents(createdBefore: Date, limit = 100): Promise<string[]> {
      const rows = await db.query("SELECT id FROM watch_events WHERE delivery = 'pending' AND created_at < ? ORDER BY created_at LIMIT ?", [
        createdBefore.toISOString(),
        Math.max(1, Math.min(limit, 1000)),
      ]);
      return rows.map((r) => String(r.id));
    },

    /** The watch's delivery log, newest first. */
    async listAttempts(watchId: string, limit = MAX_LISTED): Promise<DeliveryAttempt[]> {
      const rows = await db.query(
        'SELECT event_id, attempt, attempted_at, ok, http_status, error FROM webhook_deliveries WHERE watch_id = ? ORDER BY attempted_at DESC, attempt DESC LIMIT ?',
        [watchId, Math.min(limit, MAX_LISTED)],
      );
      return rows.map((r) => ({
        eventId: String(r.event_id),
        attempt: Number(r.attempt),
        attemptedAt: String(r.attempted_at),
        ok: Number(r.ok) === 1,
        httpStatus: r.http_status === null || r.http_status === undefined ? null : Number(r.http_status),
        error: str(r.error),
      }));
    },
  };
}

export type WatchStore = ReturnType<typeof createWatchStore>;
