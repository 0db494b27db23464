import Link from 'next/link';
import type { OutcomeNote as Note } from '@/lib/report/view/summary';
import { StatusChip } from '@/components/report/status-chip';

const LAB_LINKS = ['healthy.test', 'lame.test', 'glue-missing.test'];

function LabSuggestion() {
  return (
    <p>
      The lab needs no network: try{' '}
      {LAB_LINKS.map((d, i) => (
        <span key={d}>
          {i > 0 ? ', ' : ''}
          <Link href={`/check/${d}`} className="font-mono underline underline-offset-2">
            {d}
          </Link>
        </span>
      ))}{' '}
      or any zone on the{' '}
      <Link href="/#lab" className="underline underline-offset-2">
        home page
      </Link>
      .
    </p>
  );
}

/** The note's box in each tone it takes. */
const BOX = {
  warning:
    'space-y-1 rounded-md border px-3 py-2 text-sm border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-800 dark:bg-amber-950/50 dark:text-amber-100',
  error: 'space-y-1 rounded-md border px-3 py-2 text-sm border-red-300 bg-red-50 text-red-950 dark:border-red-800 dark:bg-red-950/50 dark:text-red-100',
  neutral: 'space-y-1 rounded-md border px-3 py-2 text-sm border-zinc-300 bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900',
} as const;

/** Why a report is partial, or empty, in plain words, above everything else. */
export function OutcomeNote({ note }: { note: Note }) {
  switch (note.kind) {
    case 'budget':
      return (
        <div role="note" className={BOX.warning}>
          <StatusChip tone="warning" text="Partial report" plain />
          <p>
            The check stopped at its {note.limit} limit ({note.used} of {note.max}): what follows is what it gathered before that, and findings may be missing.
            Run it again; if it keeps stopping, the zone needs more delegation levels or NS names than a check allows.
          </p>
        </div>
      );
    case 'root-unreachable':
      return (
        <div role="alert" className={BOX.error}>
          <StatusChip tone="error" text="The root servers could not be reached" plain />
          <p>
            zonecut asks the root servers directly (UDP and TCP port 53), and none of them answered. This server seems to have no route to the internet&apos;s
            DNS, or a firewall drops it; nothing can be said about the domain from here.
          </p>
          <LabSuggestion />
        </div>
      );
    case 'unreachable':
      return (
        <div role="alert" className={BOX.error}>
          <StatusChip tone="error" text="The walk could not go further" plain />
          <p>
            No server of <span className="font-mono">{note.zone}</span> gave a usable answer about the next label, so the check stops there. The tree shows what
            each server did.
          </p>
        </div>
      );
    case 'no-delegation':
      return (
        <div role="note" className={BOX.error}>
          <StatusChip tone="error" text="Not delegated" plain />
          <p>
            The parent says <span className="font-mono">{note.name}</span> does not exist (or holds no delegation for it): there is no zone to check below it.
          </p>
        </div>
      );
    case 'no-server-asked':
      return (
        <div role="alert" className={BOX.warning}>
          <StatusChip tone="warning" text="No server of the zone was asked" plain />
          <p>
            The delegation of <span className="font-mono">{note.zone}</span> was found, but no query could be sent to its nameservers: no address of theirs was
            learnt (through the resolver or by walking from the root), or every one learnt is refused by this server&apos;s address policy or is IPv6, which
            this host does not reach. Nothing was asked of the zone itself, so its state is unknown. The findings and the tree say which names and addresses,
            and why.
          </p>
        </div>
      );
    case 'aborted':
      return (
        <div role="note" className={BOX.neutral}>
          <StatusChip tone="muted" text="The check was stopped before it finished" plain />
        </div>
      );
  }
}
