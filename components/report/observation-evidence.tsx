'use client';

import { useState } from 'react';
import type { Observation } from '@/lib/dns/capture';
import { evidenceEntry, evidenceText } from '@/lib/report/view/evidence';
import { CopyButton } from '@/components/copy-button';
import { StatusChip } from '@/components/report/status-chip';

function Command({ label, command }: { label: string; command: string }) {
  return (
    <div className="flex items-start gap-2">
      <code
        aria-label={label}
        className="min-w-0 flex-1 break-all rounded bg-zinc-100 px-2 py-1 font-mono text-xs text-zinc-800 dark:bg-zinc-800/80 dark:text-zinc-200"
      >
        {command}
      </code>
      <CopyButton text={command} label="Copy" />
    </div>
  );
}

/**
 * One exchange: what was asked of whom and what came back, the dig command that asks it again,
 * and (opened on demand, formatted only then) the response as dig prints it.
 */
export function ObservationEvidence({ observation, lab }: { observation: Observation; lab: boolean }) {
  const [open, setOpen] = useState(false);
  const e = evidenceEntry(observation, lab);
  const tone = e.tone === 'muted' ? 'muted' : e.tone;
  return (
    <li className="space-y-1.5 border-b border-zinc-200 py-2.5 last:border-b-0 dark:border-zinc-800">
      <div className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5 text-xs">
        <StatusChip tone={tone} text={e.outcome} />
        <span className="font-medium text-zinc-700 dark:text-zinc-300">{e.purpose}</span>
        <span className="break-all font-mono text-zinc-600 dark:text-zinc-400">
          {e.question} @ {e.server}
        </span>
        <span className="text-zinc-500 dark:text-zinc-400">
          {e.transport.toUpperCase()} · {Math.round(e.rttMs)} ms{e.cached ? ' · reused' : ''} · {e.id}
        </span>
      </div>
      <Command label="dig command" command={e.dig} />
      {e.labDig ? (
        <div className="space-y-1">
          <p className="text-[11px] text-zinc-500 dark:text-zinc-400">Against the lab on loopback (npm run lab:serve; port 53 when it runs as root):</p>
          <Command label="dig command for the lab on loopback" command={e.labDig} />
        </div>
      ) : null}
      <details open={open} onToggle={(ev) => setOpen(ev.currentTarget.open)} className="text-xs">
        <summary className="cursor-pointer select-none text-sky-700 hover:underline dark:text-sky-400">Response as dig prints it</summary>
        {open ? <ResponseText observation={observation} /> : null}
      </details>
    </li>
  );
}

function ResponseText({ observation }: { observation: Observation }) {
  const text = evidenceText(observation);
  return (
    <div className="mt-1.5 space-y-1">
      <div className="flex justify-end">
        <CopyButton text={text} label="Copy response" />
      </div>
      <pre className="max-h-96 overflow-auto rounded border border-zinc-200 bg-zinc-50 p-2 font-mono text-[11px] leading-4 text-zinc-800 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-200">
        {text}
      </pre>
    </div>
  );
}
