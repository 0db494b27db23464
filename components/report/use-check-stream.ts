// The live check in the browser: the NDJSON stream of /api/check/stream folded line by line into a
// LiveState (lib/report/view/live.ts reduceLiveLine), as a small hook. Its own code rather than a
// query library's: the page's first load is the tree's, and nothing else on it needs a cache.
// The fold is a plain async function over any source of lines, so tests drive it without React.
import { useEffect, useState } from 'react';
import { readCheckStream } from '@/lib/api/check-stream';
import type { ApiErrorBody } from '@/lib/api/api-error';
import { INITIAL_LIVE_STATE, reduceLiveLine, type LiveState, type StreamLine } from '@/lib/report/view/live';

/** What the page shows of one run of the stream. */
export interface CheckStreamView {
  live: LiveState;
  /** The stream is open: the check is running. */
  running: boolean;
  /**
   * Why the stream broke on the way (the connection, a line that is not JSON, an end without a
   * report): the errors the server reports itself are `live.error`.
   */
  failure: string | null;
}

export const CHECK_STREAM_STARTING: CheckStreamView = { live: INITIAL_LIVE_STATE, running: true, failure: null };

/** The lines of the check of `domain`; an error before the stream (400, 429, 503: plain JSON) is one `error` line. */
export async function* checkStreamLines(domain: string, signal: AbortSignal): AsyncGenerator<StreamLine, void, undefined> {
  const res = await fetch(`/api/check/stream?domain=${encodeURIComponent(domain)}`, {
    signal,
    cache: 'no-store',
    headers: { accept: 'application/x-ndjson' },
  });
  if (!res.ok || !res.body) {
    // Errors before the stream starts are plain JSON (`{ error: { code, message } }`).
    const body = (await res.json().catch(() => null)) as Partial<ApiErrorBody> | null;
    yield { type: 'error', error: body?.error ?? { code: `http-${res.status}`, message: `zonecut's server answered HTTP ${res.status}.` } };
    return;
  }
  yield* readCheckStream(res.body);
}

/**
 * Folds `lines` into views and hands each to `publish`, the last with `running: false`. Once
 * `signal` aborts (the page left, or the reader asked again) nothing more is published, whatever
 * the source still yields or throws. A stream that ends with neither a report nor an error is a
 * failure: the page would otherwise wait forever on "Starting at the root…".
 */
export async function foldCheckStream(lines: AsyncIterable<StreamLine>, signal: AbortSignal, publish: (view: CheckStreamView) => void): Promise<void> {
  let live = INITIAL_LIVE_STATE;
  let failure: string | null = null;
  try {
    for await (const line of lines) {
      if (signal.aborted) return;
      live = reduceLiveLine(live, line);
      publish({ live, running: true, failure: null });
    }
    if (!live.report && !live.error) failure = "The check could not be streamed from zonecut's server: the stream ended before the report.";
  } catch (err) {
    failure = `The check could not be streamed from zonecut's server: ${err instanceof Error ? err.message : String(err)}`;
  }
  if (signal.aborted) return;
  publish({ live, running: false, failure });
}

/**
 * The check of `domain`, streamed while the component is mounted; `again()` aborts the running
 * stream (if any) and starts a new one. Unmounting aborts it: the server then stops the walk.
 */
export function useCheckStream(domain: string): CheckStreamView & { again: () => void } {
  const [view, setView] = useState(CHECK_STREAM_STARTING);
  const [run, setRun] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    void foldCheckStream(checkStreamLines(domain, controller.signal), controller.signal, setView);
    return () => controller.abort();
  }, [domain, run]);
  return {
    ...view,
    again: () => {
      setView(CHECK_STREAM_STARTING);
      setRun((n) => n + 1);
    },
  };
}
