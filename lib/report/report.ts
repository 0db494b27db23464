// The Report: what a check returns, what the store keeps and what pages, badges and the API read.
// Plain JSON, versioned three ways: its own shape, the zonecut build, and the findings catalogue
// (a stored capture re-analysed by a newer catalogue gets new findings and a new version).
import type { Finding, Severity } from '@/lib/checks/catalogue';
import type { ZoneFacts } from '@/lib/checks/zone-facts';
import type { BudgetLimit, Capture, Vantage } from '@/lib/dns/capture';
import type { TransportKind } from '@/lib/dns/transport/options';

export const REPORT_SCHEMA_VERSION = 1;

export type ReportStatus = 'ok' | 'warning' | 'error' | 'unknown';

export interface CheckTotals {
  /** Queries that went out (fresh exchanges, not reused replies nor ones never sent). */
  queries: number;
  /** Packets or connections, retries included. */
  attempts: number;
  answered: number;
  /** Replies reused from the walker's cache. */
  cached: number;
  /** Distinct server addresses queried. */
  servers: number;
  durationMs: number;
  /** The limit the walk ran into, if any. */
  budgetExhausted: BudgetLimit | null;
}

export interface ReportSummary {
  /**
   * error when any error, warning when any warning, else ok (notices and info do not count); of
   * the findings about the domain's own zone and delegation only (lib/report/finding-scope.ts).
   * unknown when the check could not see enough to say (badge-status.ts judgeStatus).
   */
  status: ReportStatus;
  /** The domain's own findings per severity. */
  counts: Record<Severity, number>;
  /** Findings about the zones above it (the root, TLDs), shown as context and never counted in the
   *  status. Absent in reports stored before the distinction, whose `counts` count everything. */
  context?: Record<Severity, number>;
  /**
   * Indexes into `findings` of those counted in `context`, ascending: the split the pages show
   * (lib/report/view/summary.ts splitFindings). Absent in reports stored before it was recorded.
   */
  contextFindings?: number[];
  totals: CheckTotals;
}

/** Where the check ran from: a reader must know that an IPv6 server "not tested" was not tested. */
export interface ReportVantage {
  /** Address families queries went out over. */
  families: Vantage['families'];
  /** ZONECUT_IPV6 as it was; null for captures that did not record it. */
  ipv6: Vantage['ipv6'] | null;
  /** The recursive resolver out-of-domain NS names were looked up through. */
  resolver: Capture['resolver'];
}

export interface ServerFigures {
  address: string;
  port: number;
  /** NS names the walker queried this address as. */
  names: string[];
  /** Zones it was asked about. */
  zones: string[];
  /** An authoritative server, or the recursive resolver used for look-ups. */
  role: 'authoritative' | 'resolver';
  /** Queries that went out to it, and how many got a reply. */
  queries: number;
  answered: number;
  attempts: number;
  /** Reused replies (not counted in queries). */
  cached: number;
  /** Refused by the address policy: nothing was sent. */
  blocked: number;
  /** Median round trip of the answering exchanges; null when none answered. */
  medianRttMs: number | null;
  transports: TransportKind[];
}

export interface StorageLimits {
  /** Observations kept per report. */
  observations: number;
  /** Octets of answers (the raw replies, as received) kept per report. */
  answerBytes: number;
}

/** What a report left out of its evidence to stay within StorageLimits. */
export interface StorageCut {
  limits: StorageLimits;
  /** Observations the capture had, and how many were left out (none a finding cites, unless they alone pass the limit). */
  observations: { total: number; dropped: number };
  /** Answers kept, in octets; and the observations kept without their answer (raw and decoded), by id. */
  answers: { keptBytes: number; cleared: string[] };
}

export interface Report {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  /** The zonecut build that analysed the capture. */
  zonecutVersion: string;
  catalogueVersion: number;
  /** The name checked, absolute and lowercase. */
  domain: string;
  /** When the findings were computed (ISO 8601); the capture keeps when the walk ran. */
  analyzedAt: string;
  capture: Capture;
  /** Most severe first. */
  findings: Finding[];
  /**
   * What the analysis decided per zone (address statuses, DS-to-key matches): the pages look
   * these up and never re-judge. Reports stored before it are given it when read (withZoneFacts).
   */
  zones: ZoneFacts[];
  summary: ReportSummary;
  /** Which families the check could test, and through which resolver (absent in older reports). */
  vantage?: ReportVantage;
  /** Per server address, in the order the walk first asked them. */
  servers: ServerFigures[];
  /**
   * Set when the report was larger than zonecut keeps (lib/report/bound-report.ts): what its evidence left
   * out. Findings, zones, totals and servers are those of the whole check.
   */
  storageCut?: StorageCut;
}
