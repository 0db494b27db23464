import { isServer, QueryClient } from '@tanstack/react-query';

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      // A check is a snapshot of the DNS at one moment: never refetch it behind the reader's back.
      queries: { staleTime: Infinity, refetchOnWindowFocus: false, retry: false },
    },
  });
}

let browserQueryClient: QueryClient | undefined;

/** One client per request on the server, one for the page's life in the browser (TanStack's Next.js pattern). */
export function getQueryClient(): QueryClient {
  if (isServer) return makeQueryClient();
  browserQueryClient ??= makeQueryClient();
  return browserQueryClient;
}
