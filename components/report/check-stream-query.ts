// The live check as a TanStack query: the NDJSON stream of /api/check/stream folded line by line
// into a LiveState (streamedQuery keeps the cache updated as lines arrive). One factory, so the
// page and anything that later prefetches or invalidates a check share the key and the options.
import { experimental_streamedQuery as streamedQuery, queryOptions } from '@tanstack/react-query';
import { readCheckStream } from '@/lib/api/check-stream';
import type { ApiErrorBody } from '@/lib/api/api-error';
import { INITIAL_LIVE_STATE, reduceLiveLine, type LiveState, type StreamLine } from '@/lib/report/view/live';

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
  for await (const line of readCheckStream(res.body)) {
    yield line;
  }
}

export function checkStreamQuery(domain: string) {
  return queryOptions({
    queryKey: ['check-stream', domain] as const,
    queryFn: streamedQuery<StreamLine, LiveState, readonly ['check-stream', string]>({
      streamFn: ({ signal }) => checkStreamLines(domain, signal),
      reducer: reduceLiveLine,
      initialValue: INITIAL_LIVE_STATE,
    }),
    // A check is a snapshot: keep it until the reader asks again. The report is large, and every
    // line replaces the state anyway, so deep comparison would only cost time.
    staleTime: Infinity,
    retry: false,
    structuralSharing: false,
  });
}
