'use client';

import { useRouter } from 'next/navigation';
import { type FormEvent, useId, useState } from 'react';
import { parseApiErrorBody } from '@/lib/api/api-error';
import { MAX_SCAN_BODY_BYTES } from '@/lib/scans/scan-limits';

/** Paste names or pick a file; POST /api/scans; then the scan's page. */
export function ScanForm() {
  const router = useRouter();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errorId = useId();
  const fileId = useId();
  const namesId = useId();

  async function onFile(file: File | undefined) {
    if (!file) return;
    if (file.size > MAX_SCAN_BODY_BYTES) {
      setError(`That file is larger than ${MAX_SCAN_BODY_BYTES / 1024 / 1024} MiB: split it into several scans.`);
      return;
    }
    setError(null);
    setText(await file.text());
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (text.trim() === '') {
      setError('Enter at least one name, or pick a file.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const response = await fetch('/api/scans', { method: 'POST', headers: { 'content-type': 'text/plain; charset=utf-8' }, body: text });
      const body: unknown = await response.json().catch(() => null);
      if (!response.ok) {
        setError(parseApiErrorBody(body)?.error.message ?? `The scan could not start (HTTP ${response.status}).`);
        return;
      }
      router.push(`/scans/${encodeURIComponent((body as { id: string }).id)}`);
    } catch {
      setError('The scan could not start: zonecut did not answer.');
    } finally {
      setBusy(false);
    }
  }

  const lines = text.split('\n').filter((l) => l.trim() !== '').length;
  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate className="space-y-3">
      <label htmlFor={namesId} className="block text-sm font-medium">
        Names, one per line
      </label>
      <textarea
        id={namesId}
        name="names"
        value={text}
        onChange={(e) => setText(e.target.value)}
        rows={10}
        spellCheck={false}
        aria-invalid={error !== null}
        aria-describedby={error ? errorId : undefined}
        placeholder={'example.com\nexample.net'}
        className="w-full rounded border border-zinc-300 bg-white p-2 font-mono text-sm dark:border-zinc-700 dark:bg-zinc-900"
      />
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <label htmlFor={fileId}>Or a file:</label>
        <input id={fileId} type="file" accept=".txt,.csv,.json,text/plain,application/json" onChange={(e) => void onFile(e.target.files?.[0])} />
        <span className="text-zinc-600 dark:text-zinc-400" aria-live="polite">
          {lines.toLocaleString('en')} {lines === 1 ? 'line' : 'lines'}
        </span>
      </div>
      {error && (
        <p id={errorId} role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
      <button
        type="submit"
        disabled={busy}
        className="rounded bg-zinc-900 px-4 py-2 text-sm font-medium text-white disabled:opacity-60 dark:bg-zinc-100 dark:text-zinc-900"
      >
        {busy ? 'Starting…' : 'Start the scan'}
      </button>
    </form>
  );
}
