// /watch: watch a domain (no account): a schedule and an optional webhook; the management link
// comes back once. `?domain=` fills the field in (the "Watch this domain" links).
import type { Metadata } from 'next';
import { WatchForm } from '@/components/watch/watch-form';

export const metadata: Metadata = { title: 'Watch a domain' };

export default async function WatchPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const domain = (await searchParams).domain;
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold">Watch a domain</h1>
        <p className="max-w-2xl text-zinc-700 dark:text-zinc-300">
          zonecut checks it on a schedule and tells you when its delegation changes: the NS sets at the parent and in the zone, glue, DS, DNSKEY, CDS/CDNSKEY,
          CSYNC, its findings or its status. Each run is a stored report; each change is an event in an Atom feed and, if you give one, a signed webhook. No
          account: the watch&apos;s management link is the key to it.
        </p>
      </header>
      <WatchForm initialDomain={typeof domain === 'string' ? domain.slice(0, 2048) : ''} />
    </div>
  );
}
