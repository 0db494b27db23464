// /watch/manage/<token>: one watch, for whoever holds its management link: schedule, webhook, run
// now, stop, its events and the webhook delivery log (polled while open). The token is the key, so
// the page is never indexed and sends no Referer.
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { WatchManager } from '@/components/watch/watch-manager';
import { getWatchStore } from '@/lib/watch/get-watch-store';
import { watchDetails } from '@/lib/watch/manage-watch';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Watch', robots: { index: false, follow: false }, referrer: 'no-referrer' };

export default async function ManageWatchPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const store = await getWatchStore();
  const watch = await store.getWatchByToken(token);
  if (!watch) notFound();
  return (
    <div className="mx-auto max-w-4xl">
      <WatchManager token={token} initial={await watchDetails(store, watch)} />
    </div>
  );
}
