'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { parseApiErrorBody } from '@/lib/api/api-error';
import type { ScanProgress, ScanResult } from '@/lib/scans/scan-store';

const PAGE_SIZE = 50;
/** How often a running scan's page asks again. */
const POLL_MS = 2000;
/** Codes shown in the counts (the API has them all). */
const SHOWN_CODES = 30;

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { cache: 'no-store' });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw new Error(parseApiErrorBody(body)?.error.message ?? `HTTP ${response.status}`);
  return body as T;
}

const api = (id: string) => `/api/scans/${encodeURIComponent(id)}`;

const STATUS_WORDS: Record<string, string> = { ok: 'OK', warning: 'Warnings', error: 'Errors', unknown: 'Unknown' };

function resultWords(r: ScanResult): string {
  if (r.state === 'queued') return 'queued';
  if (r.state === 'invalid') return 'not a domain name';
  if (r.state === 'error') return 'could not check';
  return STATUS_WORDS[r.status ?? 'unknown'] ?? String(r.status);
}

export function ScanView({ id }: { id: string }) {
  const [page, setPage] = useState(0);
  const progress = useQuery({
    queryKey: ['scan', id],
    queryFn: () => getJson<ScanProgress>(api(id)),
    refetchInterval: (q) => (q.state.data?.finished || q.state.error ? false : POLL_MS),
  });
  const running = !progress.data?.finished;
  const results = useQuery({
    queryKey: ['scan-results', id, page],
    queryFn: () => getJson<{ results: ScanResult[]; total: number }>(`${api(id)}/results?offset=${page * PAGE_SIZE}&limit=${PAGE_SIZE}`),
    refetchInterval: running ? POLL_MS : false,
    placeholderData: keepPreviousData,
  });

  if (progress.error) {
    return (
      <p role="alert" className="text-red-700 dark:text-red-400">
        {progress.error.message}
      </p>
    );
  }
  const p = progress.data;
  if (!p) return <p aria-busy="true">Loading the scan…</p>;
  const pages = Math.max(1, Math.ceil(p.total / PAGE_SIZE));
  const codes = Object.entries(p.byCode).slice(0, SHOWN_CODES);
  const percent = p.total === 0 ? 100 : Math.floor((p.done / p.total) * 100);

  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">Scan of {p.total.toLocaleString('en')} names</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Started {new Date(p.createdAt).toUTCString()}
          {p.duplicates > 0 && ` · ${p.duplicates.toLocaleString('en')} duplicate${p.duplicates === 1 ? '' : 's'} left out`}
        </p>
      </div>

      <section aria-labelledby="scan-progress" className="space-y-2">
        <h2 id="scan-progress" className="text-lg font-semibold">
          {p.finished ? 'Finished' : 'In progress'}
        </h2>
        <progress className="w-full" max={p.total} value={p.done} aria-label="Names done" />
        <p data-testid="scan-done">
          {p.done.toLocaleString('en')} of {p.total.toLocaleString('en')} names done ({percent}%)
          {p.errors > 0 && ` · ${p.errors.toLocaleString('en')} without a report (${p.invalid.toLocaleString('en')} not domain names)`}
        </p>
        <dl className="flex flex-wrap gap-4 text-sm">
          {(['ok', 'warning', 'error', 'unknown'] as const).map((s) => (
            <div key={s} className="rounded border border-zinc-200 px-3 py-1 dark:border-zinc-800">
              <dt className="text-zinc-600 dark:text-zinc-400">{STATUS_WORDS[s]}</dt>
              <dd className="font-mono" data-testid={`scan-status-${s}`}>
                {p.byStatus[s].toLocaleString('en')}
              </dd>
            </div>
          ))}
        </dl>
      </section>

      {codes.length > 0 && (
        <section aria-labelledby="scan-codes" className="space-y-2">
          <h2 id="scan-codes" className="text-lg font-semibold">
            Findings
          </h2>
          <table className="text-sm">
            <thead>
              <tr>
                <th className="pr-4 text-left font-medium">Code</th>
                <th className="text-right font-medium">Names</th>
              </tr>
            </thead>
            <tbody>
              {codes.map(([code, n]) => (
                <tr key={code}>
                  <td className="pr-4 font-mono">{code}</td>
                  <td className="text-right font-mono">{n.toLocaleString('en')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      <section aria-labelledby="scan-exports" className="space-y-1">
        <h2 id="scan-exports" className="text-lg font-semibold">
          Export
        </h2>
        <ul className="flex flex-wrap gap-4 text-sm underline">
          <li>
            <a href={`${api(id)}/export?format=csv`} download>
              Results as CSV
            </a>
          </li>
          <li>
            <a href={`${api(id)}/export?format=ndjson`} download>
              Results as NDJSON
            </a>
          </li>
          <li>
            <a href={`${api(id)}/changes`}>Change set for the parent (JSON)</a>
          </li>
        </ul>
      </section>

      <section aria-labelledby="scan-results" className="space-y-2">
        <h2 id="scan-results" className="text-lg font-semibold">
          Results
        </h2>
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <thead>
              <tr className="border-b border-zinc-200 text-left dark:border-zinc-800">
                <th className="py-1 pr-3 font-medium">#</th>
                <th className="py-1 pr-3 font-medium">Name</th>
                <th className="py-1 pr-3 font-medium">Result</th>
                <th className="py-1 pr-3 font-medium">Errors / warnings</th>
                <th className="py-1 pr-3 font-medium">Findings</th>
                <th className="py-1 font-medium">Report</th>
              </tr>
            </thead>
            <tbody>
              {(results.data?.results ?? []).map((r) => (
                <tr key={r.name} className="border-b border-zinc-100 align-top dark:border-zinc-900">
                  <td className="py-1 pr-3 font-mono text-zinc-500">{r.position + 1}</td>
                  <td className="py-1 pr-3 font-mono break-all">{r.name}</td>
                  <td className="py-1 pr-3">
                    {resultWords(r)}
                    {r.error && <span className="block text-xs text-zinc-600 dark:text-zinc-400">{r.error}</span>}
                  </td>
                  <td className="py-1 pr-3 font-mono">{r.counts ? `${r.counts.error} / ${r.counts.warning}` : ''}</td>
                  <td className="py-1 pr-3 font-mono text-xs">{r.codes.slice(0, 6).join(' ') + (r.codes.length > 6 ? ` +${r.codes.length - 6}` : '')}</td>
                  <td className="py-1">
                    {r.reportId && (
                      <Link href={`/r/${encodeURIComponent(r.reportId)}`} className="underline">
                        report
                      </Link>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <nav aria-label="Result pages" className="flex items-center gap-3 text-sm">
          <button
            type="button"
            onClick={() => setPage((n) => Math.max(0, n - 1))}
            disabled={page === 0}
            className="rounded border px-2 py-1 disabled:opacity-50"
          >
            Previous
          </button>
          <span>
            Page {page + 1} of {pages}
          </span>
          <button
            type="button"
            onClick={() => setPage((n) => Math.min(pages - 1, n + 1))}
            disabled={page >= pages - 1}
            className="rounded border px-2 py-1 disabled:opacity-50"
          >
            Next
          </button>
        </nav>
      </section>
    </div>
  );
}
