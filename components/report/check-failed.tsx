import Link from 'next/link';
import { StatusChip } from '@/components/report/status-chip';

/** The check could not run or broke on the way: say so plainly, offer another try and the lab. */
export function CheckFailed({ message, code, onRetry }: { message: string; code?: string; onRetry: () => void }) {
  return (
    <div
      role="alert"
      className="space-y-2 rounded-lg border border-red-300 bg-red-50 p-4 text-sm text-red-950 dark:border-red-800 dark:bg-red-950/50 dark:text-red-100"
    >
      <StatusChip tone="error" text="The check did not complete" plain />
      <p>
        {message}
        {code ? <span className="ml-1 font-mono text-xs opacity-70">({code})</span> : null}
      </p>
      <p className="flex flex-wrap items-center gap-3">
        <button type="button" onClick={onRetry} className="rounded-md bg-red-700 px-3 py-1 font-medium text-white hover:bg-red-800">
          Try again
        </button>
        <span>
          or try a zone of the{' '}
          <Link href="/#lab" className="underline underline-offset-2">
            lab
          </Link>
          , which needs no network.
        </span>
      </p>
    </div>
  );
}
